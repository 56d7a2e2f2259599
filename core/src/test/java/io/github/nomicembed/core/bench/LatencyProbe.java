package io.github.nomicembed.core.bench;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.SchedulerOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where a single 16-token query's time goes, in one run: {@code embed} with the scheduler off (the caller's
 * thread runs the pass) and through the scheduler, each split into queue wait (submit to a worker taking it),
 * forward pass, and the rest (tokenizing, hand-off back to the caller, normalising), as p50 over reps.
 * Args: model dir, reps.
 */
public final class LatencyProbe {

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int reps = Integer.parseInt(args[1]);
        for (boolean scheduled : new boolean[] {false, true, false, true}) {
            Split split = new Split();
            EmbedderOptions.Builder b = EmbedderOptions.builder().optDevice("cpu");
            if (!scheduled) {
                b.optScheduler(SchedulerOptions.disabled());
            }
            try (NomicEmbedder e = NomicEmbedder.load(dir, b.build(), split)) {
                String q = Benchmark.corpus(e, 1, 16, 16, 3).get(0);
                for (int i = 0; i < 3; i++) {
                    e.embed(List.of(q), EmbeddingTask.NONE);
                }
                double[] total = new double[reps];
                double[] forward = new double[reps];
                double[] queue = new double[reps];
                for (int i = 0; i < reps; i++) {
                    split.reset();
                    long a = System.nanoTime();
                    e.embed(List.of(q), EmbeddingTask.NONE);
                    total[i] = (System.nanoTime() - a) / 1e6;
                    forward[i] = split.forwardNanos / 1e6;
                    queue[i] = split.queueNanos / 1e6;
                }
                double[] rest = new double[reps];
                for (int i = 0; i < reps; i++) {
                    rest[i] = total[i] - forward[i] - queue[i];
                }
                System.out.printf("%s: embed p50 %.1f ms = forward %.1f + queue wait %.2f + rest %.2f (p50 of each)%n",
                        scheduled ? "scheduler on " : "scheduler off", p50(total), p50(forward), p50(queue), p50(rest));
            }
        }
    }

    /** Collects one call's forward and queue-wait time. */
    private static final class Split implements EmbedderListener {
        volatile long forwardNanos;
        volatile long queueNanos;

        void reset() {
            forwardNanos = 0;
            queueNanos = 0;
        }

        @Override
        public void onForward(int rows, long tokens, long paddedTokens, long nanos) {
            forwardNanos += nanos;
        }

        @Override
        public void onQueueWait(long nanos) {
            queueNanos += nanos;
        }
    }

    private static double p50(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
