package io.github.nomicembed.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.EngineTestAccess;
import io.github.nomicembed.core.Fixture;
import io.github.nomicembed.core.Matryoshka;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small call that arrives while a large pass runs is answered at the pass's next yield point, on the same
 * worker, while the large pass is still in flight; both get the vectors they would get alone.
 */
class SmallRequestsDuringLargePassTest {

    static NomicEmbedder reference;
    final SplittableRandom rnd = new SplittableRandom(11);
    final List<Long> smallWaits = new CopyOnWriteArrayList<>();
    final AtomicInteger preemptedTexts = new AtomicInteger();
    final EmbedderListener listener = new EmbedderListener() {
        @Override
        public void onSmallRequestWait(long nanos) {
            smallWaits.add(nanos);
        }

        @Override
        public void onPreemption(int texts, long tokens) {
            preemptedTexts.addAndGet(texts);
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

    static SchedulerOptions smallUpTo(int tokens) {
        return SchedulerOptions.builder().optSmallRequestTokens(tokens).build();
    }

    /** A bulk call whose texts together are well over {@code small} tokens. */
    List<Tokenized> bulk(int small) {
        List<Tokenized> texts = new ArrayList<>();
        long tokens = 0;
        while (tokens <= 3L * small) {
            Tokenized t = EngineTestAccess.tokenize(reference, TinyTexts.text(rnd, 6 + rnd.nextInt(10)));
            texts.add(t);
            tokens += t.length();
        }
        return texts;
    }

    void assertAlone(List<Tokenized> texts, float[][] got) {
        assertThat(got.length).isEqualTo(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            float[] alone = EngineTestAccess.pooled(reference, List.of(texts.get(i)), ForwardTrace.NONE)[0];
            assertThat(Fixture.maxAbsDiff(Matryoshka.truncateAndNormalize(got[i], alone.length),
                    Matryoshka.truncateAndNormalize(alone, alone.length))).as("text %d", i).isLessThan(1e-6);
        }
    }

    @Test
    void aSmallCallIsAnsweredWhileTheLargePassIsStillInFlight() throws Exception {
        GatedForward gate = new GatedForward(reference, 24);
        try (EmbeddingScheduler s = new EmbeddingScheduler(gate, smallUpTo(24), 64, 4096, listener, () -> { })) {
            List<Tokenized> bulkTexts = bulk(24);
            CompletableFuture<float[][]> bulk = s.submit(bulkTexts);
            gate.awaitFirstPass();
            List<Tokenized> query = List.of(EngineTestAccess.tokenize(reference, "capital of germany"));
            assertThat(query.get(0).length()).isLessThanOrEqualTo(24);

            float[][] answered = s.submit(query).get(30, TimeUnit.SECONDS); // the gate is still closed

            assertThat(bulk).as("the large pass is still in flight").isNotDone();
            assertAlone(query, answered);
            assertThat(gate.passes).hasSize(2);
            assertThat(preemptedTexts.get()).isEqualTo(1);
            assertThat(smallWaits).hasSize(1);
            gate.open();
            assertAlone(bulkTexts, bulk.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void severalWaitingSmallCallsShareOneInsertedPass() throws Exception {
        GatedForward gate = new GatedForward(reference, 60); // the inserted pass of five queries runs through
        EmbedderListener none = EmbedderListener.NONE;
        try (EmbeddingScheduler s = new EmbeddingScheduler(gate, smallUpTo(24), 64, 4096, none, () -> { })) {
            CompletableFuture<float[][]> bulk = s.submit(bulk(24));
            gate.awaitFirstPass();
            List<List<Tokenized>> queries = new ArrayList<>();
            List<CompletableFuture<float[][]>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                List<Tokenized> q = TinyTexts.tokenized(reference, rnd, 1, 2);
                queries.add(q);
                answers.add(s.submit(q));
            }
            for (int i = 0; i < queries.size(); i++) {
                assertAlone(queries.get(i), answers.get(i).get(30, TimeUnit.SECONDS));
            }
            assertThat(bulk).isNotDone();
            assertThat(gate.passes.size()).as("bulk pass + at most one inserted pass per query")
                    .isBetween(2, 1 + queries.size());
            gate.open();
            bulk.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSmallCallQueuedBesideALargeOneIsNotPutIntoTheLargePass() throws Exception {
        GatedForward gate = new GatedForward(reference).firstOnly();
        try (EmbeddingScheduler s = new EmbeddingScheduler(gate, smallUpTo(24), 64, 4096, listener, () -> { })) {
            CompletableFuture<float[][]> first = s.submit(List.of(EngineTestAccess.tokenize(reference, "berlin")));
            gate.awaitFirstPass();
            List<Tokenized> bulkTexts = bulk(24);
            CompletableFuture<float[][]> bulk = s.submit(bulkTexts);
            Tokenized query = EngineTestAccess.tokenize(reference, "capital of germany");
            CompletableFuture<float[][]> answer = s.submit(List.of(query));
            gate.open();

            assertAlone(List.of(query), answer.get(30, TimeUnit.SECONDS));
            assertAlone(bulkTexts, bulk.get(30, TimeUnit.SECONDS));
            first.get(30, TimeUnit.SECONDS);
            assertThat(gate.passOf(query)).as("the query's pass").isNotEqualTo(gate.lastPassOf(bulkTexts));
            assertThat(gate.passes.get(gate.passOf(query))).containsExactly(query);
        }
    }

    @Test
    void aCallOverTheSmallBoundWaitsForThePassInFlight() throws Exception {
        GatedForward gate = new GatedForward(reference, 24);
        try (EmbeddingScheduler s = new EmbeddingScheduler(gate, smallUpTo(24), 64, 4096, listener, () -> { })) {
            CompletableFuture<float[][]> bulk = s.submit(bulk(24));
            gate.awaitFirstPass();
            CompletableFuture<float[][]> large = s.submit(bulk(24));

            Thread.sleep(100); // many yield points pass meanwhile

            assertThat(large).isNotDone();
            assertThat(preemptedTexts.get()).isZero();
            gate.open();
            bulk.get(30, TimeUnit.SECONDS);
            large.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withTheSmallBoundOffASmallCallWaitsForThePassInFlight() throws Exception {
        GatedForward gate = new GatedForward(reference, 24);
        try (EmbeddingScheduler s = new EmbeddingScheduler(gate, smallUpTo(0), 64, 4096, listener, () -> { })) {
            CompletableFuture<float[][]> bulk = s.submit(bulk(24));
            gate.awaitFirstPass();
            CompletableFuture<float[][]> query = s.submit(List.of(EngineTestAccess.tokenize(reference, "capital")));

            Thread.sleep(100);

            assertThat(query).isNotDone();
            gate.open();
            bulk.get(30, TimeUnit.SECONDS);
            query.get(30, TimeUnit.SECONDS);
            assertThat(smallWaits).as("no call is small with the bound off").isEmpty();
        }
    }

    @Test
    void aSmallCallCancelledWhileWaitingIsNotRunInside() throws Exception {
        GatedForward gate = new GatedForward(reference, 24);
        try (EmbeddingScheduler s = new EmbeddingScheduler(gate, smallUpTo(24), 64, 4096, listener, () -> { })) {
            CompletableFuture<float[][]> bulk = s.submit(bulk(24));
            gate.awaitFirstPass();
            // cancelled at once: a yield point may or may not have taken it by then; either way nothing is left
            CompletableFuture<float[][]> query = s.submit(List.of(EngineTestAccess.tokenize(reference, "capital")));
            query.cancel(true);
            gate.open();
            bulk.get(30, TimeUnit.SECONDS);
            assertThat(s.queuedTexts()).isZero();
            assertThat(s.queuedTokens()).isZero();
        }
    }
}
