package io.github.nomicembed.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorModelsTest {

    private static EmbedderSpec spec(int batchSize) {
        return new EmbedderSpec(ModelSource.path(TestSpark.tinyModel().toString()), "cpu", batchSize, 8192,
                "truncate", 0);
    }

    @Test
    void equalSpecsShareOneModelOtherSpecsGetTheirOwnAndIdleModelsCanBeClosed() {
        ExecutorModels.closeIdle();
        long loads = ExecutorModels.loads();
        ExecutorModels.Lease a = ExecutorModels.acquire(spec(7));
        ExecutorModels.Lease b = ExecutorModels.acquire(spec(7));
        ExecutorModels.Lease c = ExecutorModels.acquire(spec(8));

        assertThat(a.embedder()).isSameAs(b.embedder()).isNotSameAs(c.embedder());
        assertThat(ExecutorModels.loads() - loads).isEqualTo(2);

        a.close();
        a.close(); // twice: counted once
        assertThat(ExecutorModels.closeIdle()).as("spec(7) is still leased by b, spec(8) by c").isZero();
        b.close();
        c.close();
        assertThat(ExecutorModels.closeIdle()).isEqualTo(2);
        assertThat(b.embedder().isClosed()).isTrue();
        assertThat(ExecutorModels.loaded()).isZero();

        try (ExecutorModels.Lease again = ExecutorModels.acquire(spec(7))) {
            assertThat(again.embedder().isClosed()).isFalse();
            assertThat(again.embedder().embed(List.of("hi"), io.github.nomicembed.core.EmbeddingTask.QUERY).size())
                    .isEqualTo(1);
        }
        assertThat(ExecutorModels.loads() - loads).isEqualTo(3);
    }

    @Test
    void concurrentTasksAreNotLimitedByTheSchedulersServerQueueBounds() throws Exception {
        List<String> texts = java.util.Collections.nCopies(3000, "short text");
        try (ExecutorModels.Lease lease = ExecutorModels.acquire(spec(64))) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                // 6000 texts queued at once: more than the engine's default queue of 4096 texts
                int dims = lease.embedder().dimensions();
                var a = pool.submit(() -> lease.embedder().embed(texts, "document", dims).size());
                var b = pool.submit(() -> lease.embedder().embed(texts, "query", dims).size());
                assertThat(a.get() + b.get()).isEqualTo(6000);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void executorModelsKeepNoPackedCopyOfTheWeights() {
        try (ExecutorModels.Lease lease = ExecutorModels.acquire(spec(9))) {
            assertThat(lease.embedder().options().packWeights()).isFalse();
            assertThat(lease.embedder().info().gemm()).isEqualTo("libtorch (pack-weights=false)");
        }
    }

    @Test
    void aMissingModelDirectoryFailsWithItsPath() {
        EmbedderSpec missing = new EmbedderSpec(ModelSource.path("/nonexistent/model"), "cpu", 32, 8192, "truncate", 0);
        assertThatThrownBy(() -> ExecutorModels.acquire(missing))
                .hasMessageContaining("modelPath /nonexistent/model is not a directory on this node");
    }
}
