package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calls leave no native arrays behind, and closing the embedder releases its weights. */
class NativeMemoryTest {

    /** Arrays alive anywhere under DJL's PyTorch system manager (the parent of every base manager). */
    static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void repeatedCallsLeaveNoArraysBehind() {
        List<String> texts = Fixture.strings(Fixture.golden().get("inputs"), "text");
        try (NomicEmbedder e = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu")
                .optBatchSize(3).build())) {
            e.embed(texts, EmbeddingTask.NONE);
            int before = liveArrays();
            for (int i = 0; i < 30; i++) {
                e.embed(texts, EmbeddingTask.QUERY.promptName(), 16);
            }
            assertThat(liveArrays()).isEqualTo(before);
        }
    }

    @Test
    void closingTheEmbedderReleasesItsWeights() {
        int before = liveArrays();
        NomicEmbedder e = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu").build());
        int loaded = liveArrays();
        e.embed(List.of("hello"), EmbeddingTask.QUERY);
        e.close();
        assertThat(loaded).isGreaterThan(before);
        assertThat(liveArrays()).isEqualTo(before);
    }
}
