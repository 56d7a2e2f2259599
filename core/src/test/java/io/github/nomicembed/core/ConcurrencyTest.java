package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One instance shared by several threads gives identical results and no exception. */
class ConcurrencyTest {

    @Test
    void fourThreadsManyCallsGiveIdenticalResults() throws Exception {
        List<String> texts = Fixture.strings(Fixture.golden().get("inputs"), "text");
        try (NomicEmbedder embedder = NomicEmbedder.load(Fixture.dir(),
                EmbedderOptions.builder().optDevice("cpu").optBatchSize(3).build())) {
            List<float[]> reference = embedder.embed(texts, EmbeddingTask.NONE).vectors();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    final int thread = t;
                    futures.add(pool.submit(() -> {
                        int checked = 0;
                        for (int call = 0; call < 25; call++) {
                            // vary the call shape: all texts, a rotating window, a single text
                            int from = (call + thread) % texts.size();
                            List<String> sub = call % 3 == 0 ? texts : call % 3 == 1
                                    ? texts.subList(from, Math.min(texts.size(), from + 3)) : List.of(texts.get(from));
                            int offset = call % 3 == 0 ? 0 : from;
                            List<float[]> v = embedder.embed(sub, EmbeddingTask.NONE).vectors();
                            for (int i = 0; i < v.size(); i++) {
                                assertThat(Fixture.maxAbsDiff(v.get(i), reference.get(offset + i))).isLessThan(1e-6);
                                checked++;
                            }
                        }
                        return checked;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : futures) {
                    total += f.get(120, TimeUnit.SECONDS);
                }
                assertThat(total).isGreaterThan(4 * 25);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
