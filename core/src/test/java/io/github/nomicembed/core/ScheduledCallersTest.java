package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.SchedulerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Through the facade with the request scheduler on (the default): every caller gets the vectors it gets alone. */
class ScheduledCallersTest {

    static final EmbeddingTask[] TASKS = EmbeddingTask.values();
    static NomicEmbedder alone;
    static List<String> pool;

    @BeforeAll
    static void load() {
        alone = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu")
                .optScheduler(SchedulerOptions.disabled()).build());
        pool = new ArrayList<>(Fixture.strings(Fixture.golden().get("inputs"), "text"));
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 40; i++) {
            StringBuilder b = new StringBuilder();
            int words = 1 + rnd.nextInt(i % 5 == 0 ? 300 : 30);
            for (int w = 0; w < words; w++) {
                b.append(pool.get(rnd.nextInt(pool.size())).split(" ")[0]).append(' ');
            }
            pool.add(b.toString().trim());
        }
    }

    @AfterAll
    static void close() {
        alone.close();
    }

    @Test
    void thirtyTwoConcurrentCallersOfRandomSizesTasksAndDimensionsGetTheirAloneVectorsInOrder() throws Exception {
        AtomicInteger forwards = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        EmbedderListener counting = new EmbedderListener() {
            @Override
            public void onRequest(int texts, long tokens) {
                requests.incrementAndGet();
            }

            @Override
            public void onForward(int rows, long tokens, long paddedTokens, long nanos) {
                forwards.incrementAndGet();
            }
        };
        int callers = 32;
        int hidden = alone.info().hiddenSize();
        try (NomicEmbedder scheduled = NomicEmbedder.load(Fixture.dir(),
                EmbedderOptions.builder().optDevice("cpu").build(), counting)) {
            CyclicBarrier start = new CyclicBarrier(callers);
            ExecutorService threads = Executors.newFixedThreadPool(callers);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    SplittableRandom rnd = new SplittableRandom(100 + c);
                    results.add(threads.submit(() -> {
                        List<String> texts = new ArrayList<>();
                        for (int i = 0, n = 1 + rnd.nextInt(12); i < n; i++) {
                            texts.add(pool.get(rnd.nextInt(pool.size())));
                        }
                        EmbeddingTask task = TASKS[rnd.nextInt(TASKS.length)];
                        int dims = 1 + rnd.nextInt(hidden);
                        start.await(30, TimeUnit.SECONDS);
                        EmbeddingResult got = scheduled.embed(texts, task.promptName(), dims);
                        assertThat(got.size()).isEqualTo(texts.size());
                        for (int i = 0; i < texts.size(); i++) {
                            float[] expected = alone.embed(List.of(texts.get(i)), task.promptName(), dims)
                                    .vectors().get(0);
                            assertThat(Fixture.maxAbsDiff(got.vectors().get(i), expected))
                                    .as("caller text %d (%s, %d dims)", i, task, dims).isLessThan(1e-6);
                        }
                        return texts.size();
                    }));
                }
                int texts = 0;
                for (Future<Integer> f : results) {
                    texts += f.get(180, TimeUnit.SECONDS);
                }
                assertThat(requests.get()).isEqualTo(callers);
                assertThat(texts).isGreaterThan(callers);
                System.out.printf("%d callers, %d texts, %d forward passes%n", callers, texts, forwards.get());
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aCallerWithAnOverLengthTextUnderPolicyErrorFailsAloneWhileOthersSucceed() throws Exception {
        String tooLong = "berlin ".repeat(2000);
        try (NomicEmbedder strict = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu")
                .optTruncation(TruncationPolicy.ERROR).build())) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<EmbeddingResult>> good = new ArrayList<>();
                for (int c = 0; c < 3; c++) {
                    List<String> texts = pool.subList(c, c + 3);
                    good.add(threads.submit(() -> strict.embed(texts, EmbeddingTask.DOCUMENT)));
                }
                Future<EmbeddingResult> bad = threads.submit(() -> strict.embed(List.of("fine", tooLong),
                        EmbeddingTask.DOCUMENT));
                assertThatThrownBy(() -> bad.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("texts[1]").hasMessageContaining("maximum");
                for (int c = 0; c < 3; c++) {
                    EmbeddingResult r = good.get(c).get(60, TimeUnit.SECONDS);
                    for (int i = 0; i < 3; i++) {
                        float[] expected = alone.embed(List.of(pool.get(c + i)), EmbeddingTask.DOCUMENT).vectors().get(0);
                        assertThat(Fixture.maxAbsDiff(r.vectors().get(i), expected)).isLessThan(1e-6);
                    }
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void schedulerOffGivesTheSameVectorsAsSchedulerOn() {
        try (NomicEmbedder on = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu").build())) {
            List<float[]> a = on.embed(pool, EmbeddingTask.QUERY).vectors();
            List<float[]> b = alone.embed(pool, EmbeddingTask.QUERY).vectors();
            for (int i = 0; i < pool.size(); i++) {
                assertThat(Fixture.maxAbsDiff(a.get(i), b.get(i))).isLessThan(1e-6);
            }
        }
    }

    @Test
    void queueGaugesAreZeroWhenIdleAndCloseRefusesLaterCallsAsCountedRejections() {
        List<io.github.nomicembed.core.schedule.EmbeddingRejectedException.Reason> rejected = new ArrayList<>();
        NomicEmbedder e = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu").build(),
                new EmbedderListener() {
                    @Override
                    public void onRejected(io.github.nomicembed.core.schedule.EmbeddingRejectedException.Reason r) {
                        rejected.add(r);
                    }
                });
        e.embed(pool.subList(0, 4), EmbeddingTask.NONE);
        assertThat(e.queueDepth().texts()).isZero();
        assertThat(e.queueDepth().tokens()).isZero();
        e.close();
        assertThatThrownBy(() -> e.embed(List.of("x"), EmbeddingTask.NONE))
                .isInstanceOf(io.github.nomicembed.core.schedule.EmbeddingRejectedException.class)
                .hasMessageContaining("closed");
        assertThat(rejected).containsExactly(io.github.nomicembed.core.schedule.EmbeddingRejectedException.Reason.SHUT_DOWN);
    }
}
