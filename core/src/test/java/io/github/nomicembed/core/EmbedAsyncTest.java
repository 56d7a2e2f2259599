package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.SchedulerOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link NomicEmbedder#embedAsync}: the vectors of {@code embed}, bad input at once, cancellation drops texts. */
class EmbedAsyncTest {

    private static final List<String> TEXTS = List.of("Berlin is the capital of Germany.", "", "Der Hund bellt.");

    private static NomicEmbedder load(SchedulerOptions scheduler, EmbedderListener listener) {
        return NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu").optScheduler(scheduler)
                .build(), listener);
    }

    @Test
    void givesTheVectorsOfASynchronousCallWithTheSchedulerOnAndOff() throws Exception {
        for (boolean scheduled : new boolean[] {true, false}) {
            try (NomicEmbedder embedder = load(SchedulerOptions.builder().optEnabled(scheduled).build(),
                    EmbedderListener.NONE)) {
                int dims = Math.max(1, embedder.info().hiddenSize() / 2);
                EmbeddingResult expected = embedder.embed(TEXTS, "query", dims);
                EmbeddingResult actual = embedder.embedAsync(TEXTS, "query", dims).get(60, TimeUnit.SECONDS);

                for (int i = 0; i < TEXTS.size(); i++) {
                    assertThat(actual.vectors().get(i)).as("scheduler %s, text %d", scheduled, i)
                            .containsExactly(expected.vectors().get(i));
                }
                assertThat(Arrays.stream(actual.tokenCounts()).boxed().toList())
                        .isEqualTo(Arrays.stream(expected.tokenCounts()).boxed().toList());
                assertThat(embedder.embedAsync(List.of(), "query", dims).get().size()).isZero();
            }
        }
    }

    @Test
    void badInputThrowsAtOnceInsteadOfFailingTheFuture() {
        try (NomicEmbedder embedder = load(SchedulerOptions.defaults(), EmbedderListener.NONE)) {
            assertThatThrownBy(() -> embedder.embedAsync(TEXTS, "no-such-prompt", 8))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
            assertThatThrownBy(() -> embedder.embedAsync(TEXTS, "query", 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimensions 0");
        }
    }

    @Test
    void cancellingTheFutureDropsTheQueuedTextsBeforeAnyPassRunsThem() {
        AtomicInteger forwardRows = new AtomicInteger();
        EmbedderListener listener = new EmbedderListener() {
            @Override
            public void onForward(int rows, long tokens, long paddedTokens, long nanos) {
                forwardRows.addAndGet(rows);
            }
        };
        // the worker waits up to a minute for the batch budget to fill, so the texts stay queued
        try (NomicEmbedder embedder = load(SchedulerOptions.builder().optMaxWait(Duration.ofSeconds(60))
                .optShutdownGrace(Duration.ZERO).build(), listener)) {
            CompletableFuture<EmbeddingResult> pending = embedder.embedAsync(TEXTS, "query", 8);
            assertThat(embedder.queueDepth().texts()).isEqualTo(TEXTS.size());

            assertThat(pending.cancel(true)).isTrue();

            assertThat(embedder.queueDepth().texts()).isZero();
            assertThat(forwardRows).hasValue(0);
        }
    }
}
