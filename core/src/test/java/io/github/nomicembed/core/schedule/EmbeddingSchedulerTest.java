package io.github.nomicembed.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.EngineTestAccess;
import io.github.nomicembed.core.Fixture;
import io.github.nomicembed.core.Matryoshka;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException.Reason;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Queue mechanics of the scheduler around the real forward pass, held at a gate where a test needs it. */
class EmbeddingSchedulerTest {

    static NomicEmbedder reference;
    final SplittableRandom rnd = new SplittableRandom(7);
    final List<Reason> rejections = new CopyOnWriteArrayList<>();
    final EmbedderListener listener = new EmbedderListener() {
        @Override
        public void onRejected(Reason reason) {
            rejections.add(reason);
        }
    };

    @BeforeAll
    static void load() {
        reference = TinyTexts.reference();
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    EmbeddingScheduler scheduler(GatedForward forward, SchedulerOptions options, int batchSize, int budget) {
        return new EmbeddingScheduler(forward, options, batchSize, budget, listener, () -> { });
    }

    void assertAlone(List<Tokenized> texts, float[][] got) {
        assertThat(got.length).isEqualTo(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            float[] alone = EngineTestAccess.pooled(reference, List.of(texts.get(i)), ForwardTrace.NONE)[0];
            int dims = alone.length;
            assertThat(Fixture.maxAbsDiff(Matryoshka.truncateAndNormalize(got[i], dims),
                    Matryoshka.truncateAndNormalize(alone, dims))).as("text %d", i).isLessThan(1e-6);
        }
    }

    @Test
    void callersQueuedDuringAPassShareTheNextPassAndGetTheirOwnVectors() throws Exception {
        GatedForward gate = new GatedForward(reference);
        try (EmbeddingScheduler s = scheduler(gate, SchedulerOptions.defaults(), 32, 8192)) {
            CompletableFuture<float[][]> first = s.submit(TinyTexts.tokenized(reference, rnd, 1, 5));
            gate.awaitFirstPass();
            List<List<Tokenized>> calls = new ArrayList<>();
            List<CompletableFuture<float[][]>> futures = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                List<Tokenized> texts = TinyTexts.tokenized(reference, rnd, 1 + c, 12);
                calls.add(texts);
                futures.add(s.submit(texts));
            }
            assertThat(s.queuedTexts()).isEqualTo(1 + 2 + 3 + 4);
            gate.open();
            first.get(30, TimeUnit.SECONDS);
            for (int c = 0; c < calls.size(); c++) {
                assertAlone(calls.get(c), futures.get(c).get(30, TimeUnit.SECONDS));
            }
            assertThat(gate.passes).hasSize(2);
            assertThat(gate.passes.get(1)).hasSize(10);
            assertThat(s.queuedTexts()).isZero();
        }
    }

    @Test
    void aBulkRequestIsCutIntoBudgetPiecesThatAShortQueryOvertakes() throws Exception {
        GatedForward gate = new GatedForward(reference);
        try (EmbeddingScheduler s = scheduler(gate, SchedulerOptions.defaults(), 32, 60)) {
            CompletableFuture<float[][]> first = s.submit(TinyTexts.tokenized(reference, rnd, 1, 3));
            gate.awaitFirstPass();
            List<Tokenized> bulk = TinyTexts.tokenized(reference, rnd, 40, 10);
            List<Tokenized> query = TinyTexts.tokenized(reference, rnd, 1, 4);
            CompletableFuture<float[][]> bulkResult = s.submit(bulk);
            CompletableFuture<float[][]> queryResult = s.submit(query);
            gate.open();
            first.get(30, TimeUnit.SECONDS);
            assertAlone(query, queryResult.get(30, TimeUnit.SECONDS));
            assertAlone(bulk, bulkResult.get(30, TimeUnit.SECONDS));
            int lastBulkPass = gate.lastPassOf(bulk);
            assertThat(lastBulkPass).as("bulk is cut into several passes").isGreaterThan(3);
            assertThat(gate.passOf(query.get(0))).as("query waits for at most one bulk piece").isLessThanOrEqualTo(2);
            for (List<Tokenized> pass : gate.passes.subList(1, gate.passes.size())) {
                int tokens = pass.stream().mapToInt(Tokenized::length).sum();
                assertThat(tokens).isLessThanOrEqualTo(60);
            }
        }
    }

    @Test
    void aQueryArrivingDuringABulkRequestRunsInASmallPassOfItsOwnNext() throws Exception {
        GatedForward gate = new GatedForward(reference);
        try (EmbeddingScheduler s = scheduler(gate, SchedulerOptions.defaults(), 32, 60)) {
            List<Tokenized> bulk = TinyTexts.tokenized(reference, rnd, 40, 10);
            CompletableFuture<float[][]> bulkResult = s.submit(bulk);
            gate.awaitFirstPass();
            List<Tokenized> queries = TinyTexts.tokenized(reference, rnd, 2, 4);
            CompletableFuture<float[][]> q1 = s.submit(queries.subList(0, 1));
            CompletableFuture<float[][]> q2 = s.submit(queries.subList(1, 2));
            gate.open();
            assertAlone(queries.subList(0, 1), q1.get(30, TimeUnit.SECONDS));
            assertAlone(queries.subList(1, 2), q2.get(30, TimeUnit.SECONDS));
            assertAlone(bulk, bulkResult.get(30, TimeUnit.SECONDS));
            assertThat(gate.passes.get(1)).as("the queries' own pass").containsExactlyElementsOf(queries);
            assertThat(gate.lastPassOf(bulk)).isGreaterThan(2);
        }
    }

    @Test
    void aCallOverTheQueuedTextsBoundIsRejectedWithThatReason() throws Exception {
        GatedForward gate = new GatedForward(reference);
        try (EmbeddingScheduler s = scheduler(gate, SchedulerOptions.builder().optMaxQueuedTexts(3).build(), 32, 8192)) {
            s.submit(TinyTexts.tokenized(reference, rnd, 1, 3));
            gate.awaitFirstPass();
            CompletableFuture<float[][]> queued = s.submit(TinyTexts.tokenized(reference, rnd, 2, 3));
            assertThatThrownBy(() -> s.submit(TinyTexts.tokenized(reference, rnd, 2, 3)))
                    .isInstanceOfSatisfying(EmbeddingRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.QUEUE_FULL_TEXTS))
                    .hasMessageContaining("max-queued-texts");
            assertThat(rejections).containsExactly(Reason.QUEUE_FULL_TEXTS);
            gate.open();
            assertThat(queued.get(30, TimeUnit.SECONDS).length).isEqualTo(2);
        }
    }

    @Test
    void aCallOverTheQueuedTokensBoundIsRejectedWithThatReason() throws Exception {
        GatedForward gate = new GatedForward(reference);
        try (EmbeddingScheduler s = scheduler(gate, SchedulerOptions.builder().optMaxQueuedTokens(20).build(), 32, 8192)) {
            s.submit(TinyTexts.tokenized(reference, rnd, 1, 3));
            gate.awaitFirstPass();
            s.submit(List.of(EngineTestAccess.tokenize(reference, "berlin is the capital")));
            Tokenized paris = EngineTestAccess.tokenize(reference, "paris is the capital of france and a city");
            assertThatThrownBy(() -> s.submit(List.of(paris)))
                    .isInstanceOfSatisfying(EmbeddingRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.QUEUE_FULL_TOKENS));
            gate.open();
        }
    }

    @Test
    void aCallArrivingAtAnEmptyQueueIsTakenEvenWhenLargerThanTheBound() throws Exception {
        GatedForward gate = new GatedForward(reference);
        gate.open();
        try (EmbeddingScheduler s = scheduler(gate, SchedulerOptions.builder().optMaxQueuedTexts(2).build(), 32, 8192)) {
            List<Tokenized> texts = TinyTexts.tokenized(reference, rnd, 5, 6);
            assertAlone(texts, s.run(texts));
        }
    }

    @Test
    void aTimedOutCallersQueuedTextsAreNeverRun() throws Exception {
        GatedForward gate = new GatedForward(reference);
        SchedulerOptions options = SchedulerOptions.builder().optRequestTimeout(Duration.ofMillis(200)).build();
        try (EmbeddingScheduler s = scheduler(gate, options, 32, 8192)) {
            CompletableFuture<float[][]> first = s.submit(TinyTexts.tokenized(reference, rnd, 1, 3));
            gate.awaitFirstPass();
            List<Tokenized> late = TinyTexts.tokenized(reference, rnd, 3, 5);
            assertThatThrownBy(() -> s.run(late)).isInstanceOfSatisfying(EmbeddingRejectedException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT));
            assertThat(s.queuedTexts()).isZero();
            gate.open();
            first.get(30, TimeUnit.SECONDS);
            List<Tokenized> after = TinyTexts.tokenized(reference, rnd, 1, 3);
            assertAlone(after, s.run(after));
            assertThat(gate.lastPassOf(late)).isEqualTo(-1);
            assertThat(rejections).containsExactly(Reason.TIMED_OUT);
        }
    }

    @Test
    void aCancelledFutureDropsItsQueuedTexts() throws Exception {
        GatedForward gate = new GatedForward(reference);
        try (EmbeddingScheduler s = scheduler(gate, SchedulerOptions.defaults(), 32, 8192)) {
            CompletableFuture<float[][]> first = s.submit(TinyTexts.tokenized(reference, rnd, 1, 3));
            gate.awaitFirstPass();
            List<Tokenized> dropped = TinyTexts.tokenized(reference, rnd, 4, 5);
            s.submit(dropped).cancel(true);
            assertThat(s.queuedTexts()).isZero();
            gate.open();
            first.get(30, TimeUnit.SECONDS);
            s.close();
            assertThat(gate.lastPassOf(dropped)).isEqualTo(-1);
        }
    }

    @Test
    void closeFinishesQueuedWorkWithinTheGraceThenRefusesNewCalls() throws Exception {
        GatedForward gate = new GatedForward(reference);
        EmbeddingScheduler s = scheduler(gate, SchedulerOptions.defaults(), 32, 8192);
        CompletableFuture<float[][]> first = s.submit(TinyTexts.tokenized(reference, rnd, 1, 3));
        gate.awaitFirstPass();
        List<Tokenized> queuedTexts = TinyTexts.tokenized(reference, rnd, 3, 5);
        CompletableFuture<float[][]> queued = s.submit(queuedTexts);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> s.shutdown(Duration.ofSeconds(30)));
        while (!rejectsNewCalls(s)) {
            Thread.onSpinWait();
        }
        gate.open();
        closing.get(30, TimeUnit.SECONDS);
        first.get(1, TimeUnit.SECONDS);
        assertAlone(queuedTexts, queued.get(1, TimeUnit.SECONDS));
    }

    @Test
    void closeWithNoGraceLeftRejectsWhatIsStillQueued() throws Exception {
        GatedForward gate = new GatedForward(reference);
        EmbeddingScheduler s = scheduler(gate, SchedulerOptions.defaults(), 32, 8192);
        CompletableFuture<float[][]> inFlight = s.submit(TinyTexts.tokenized(reference, rnd, 1, 3));
        gate.awaitFirstPass();
        CompletableFuture<float[][]> queued = s.submit(TinyTexts.tokenized(reference, rnd, 3, 5));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> s.shutdown(Duration.ZERO));
        assertThatThrownBy(() -> queued.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(EmbeddingRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SHUT_DOWN));
        gate.open();
        closing.get(30, TimeUnit.SECONDS);
        assertThat(inFlight.get(1, TimeUnit.SECONDS).length).as("the pass in flight still answers").isEqualTo(1);
    }

    @Test
    void aFailedMixedPassFailsOnlyTheCallerWhoseTextBreaksIt() throws Exception {
        Tokenized poison = EngineTestAccess.tokenize(reference, "poison");
        GatedForward inner = new GatedForward(reference);
        EmbeddingScheduler.Forward breaking = (texts, yield) -> {
            float[][] out = inner.run(texts, yield);
            if (texts.contains(poison)) {
                throw new IllegalStateException("device error on this text");
            }
            return out;
        };
        try (EmbeddingScheduler s = new EmbeddingScheduler(breaking, SchedulerOptions.defaults(), 32, 8192, listener,
                () -> { })) {
            CompletableFuture<float[][]> first = s.submit(TinyTexts.tokenized(reference, rnd, 1, 3));
            inner.awaitFirstPass();
            List<Tokenized> good = TinyTexts.tokenized(reference, rnd, 3, 6);
            CompletableFuture<float[][]> bad = s.submit(List.of(poison));
            CompletableFuture<float[][]> fine = s.submit(good);
            inner.open();
            first.get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("device error on this text");
            assertAlone(good, fine.get(30, TimeUnit.SECONDS));
        }
    }

    private static boolean rejectsNewCalls(EmbeddingScheduler s) {
        try {
            s.submit(List.of()).join();
            s.submit(List.of(EngineTestAccess.tokenize(reference, "probe"))).cancel(true);
            return false;
        } catch (EmbeddingRejectedException e) {
            return e.reason() == Reason.SHUT_DOWN;
        }
    }
}
