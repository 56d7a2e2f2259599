package io.github.nomicembed.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EngineTestAccess;
import io.github.nomicembed.core.Matryoshka;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.EmbeddingOutOfMemoryException;
import io.github.nomicembed.core.schedule.SchedulerOptions;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A forward pass that runs out of memory is split in halves down to single texts. The allocation failure is
 * injected at the embedding step with libtorch's CPU allocator message, the way DJL surfaces a real one.
 */
class OutOfMemorySplitTest {

    final List<Integer> splits = new CopyOnWriteArrayList<>();

    NomicEmbedder load() throws URISyntaxException {
        Path dir = Paths.get(getClass().getResource("/tiny-nomic-moe/config.json").toURI()).getParent();
        return NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu")
                .optScheduler(SchedulerOptions.disabled()).build(), new EmbedderListener() {
                    @Override
                    public void onOomSplit(int rows) {
                        splits.add(rows);
                    }
                });
    }

    /** Fails every forward pass with more than {@code maxRows} rows like a failed native allocation. */
    static ForwardTrace memoryFor(int maxRows) {
        return new ForwardTrace() {
            @Override
            public void onEmbeddings(NDArray hidden) {
                if (hidden.getShape().get(0) > maxRows) {
                    throw new EngineException("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: not enough "
                            + "memory: you tried to allocate 8589934592 bytes.");
                }
            }
        };
    }

    List<Tokenized> texts(NomicEmbedder e, int n) {
        List<Tokenized> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(EngineTestAccess.tokenize(e, "text number " + i + " about berlin".repeat(1 + i % 3)));
        }
        return out;
    }

    @Test
    void aBatchThatRunsOutOfMemoryIsSplitInHalvesAndGivesTheSameVectors() throws Exception {
        try (NomicEmbedder e = load()) {
            List<Tokenized> texts = texts(e, 8);
            float[][] expected = EngineTestAccess.pooled(e, texts, ForwardTrace.NONE);
            float[][] got = EngineTestAccess.pooled(e, texts, memoryFor(2));
            for (int i = 0; i < texts.size(); i++) {
                int dims = expected[i].length;
                assertThat(Matryoshka.truncateAndNormalize(got[i], dims))
                        .containsExactly(Matryoshka.truncateAndNormalize(expected[i], dims), within(1e-6f));
            }
            assertThat(splits).containsExactly(8, 4, 4);
        }
    }

    @Test
    void aSingleTextThatDoesNotFitFailsWithAClearError() throws Exception {
        try (NomicEmbedder e = load()) {
            assertThatThrownBy(() -> EngineTestAccess.pooled(e, texts(e, 2), memoryFor(0)))
                    .isInstanceOf(EmbeddingOutOfMemoryException.class)
                    .hasMessageContaining("single text")
                    .hasMessageContaining("not enough memory");
            assertThat(splits).containsExactly(2);
        }
    }

    @Test
    void otherFailuresAreNotSplit() throws Exception {
        try (NomicEmbedder e = load()) {
            ForwardTrace broken = new ForwardTrace() {
                @Override
                public void onEmbeddings(NDArray hidden) {
                    throw new EngineException("shape mismatch");
                }
            };
            assertThatThrownBy(() -> EngineTestAccess.pooled(e, texts(e, 4), broken))
                    .isInstanceOf(EngineException.class)
                    .hasMessage("shape mismatch");
            assertThat(splits).isEmpty();
        }
    }
}
