package io.github.nomicembed.core.bench;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.schedule.SchedulerOptions;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Single 16-token query latency, p50 over reps, in one run: the forward pass called directly on this thread,
 * {@code embed} with the scheduler off, and {@code embed} through the scheduler. Args: model dir, reps.
 */
public final class LatencyProbe {

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int reps = Integer.parseInt(args[1]);
        for (boolean scheduled : new boolean[] {false, true, false, true}) {
            EmbedderOptions.Builder b = EmbedderOptions.builder().optDevice("cpu");
            if (!scheduled) {
                b.optScheduler(SchedulerOptions.disabled());
            }
            try (NomicEmbedder e = NomicEmbedder.load(dir, b.build())) {
                String q = Benchmark.corpus(e, 1, 16, 16, 3).get(0);
                Tokenized t = e.tokenize(q);
                double[] direct = new double[reps];
                double[] viaEmbed = new double[reps];
                for (int i = 0; i < 3; i++) {
                    e.embed(List.of(q), EmbeddingTask.NONE);
                }
                for (int i = 0; i < reps; i++) {
                    long a = System.nanoTime();
                    e.pooled(List.of(t), ForwardTrace.NONE);
                    long m = System.nanoTime();
                    e.embed(List.of(q), EmbeddingTask.NONE);
                    long z = System.nanoTime();
                    direct[i] = (m - a) / 1e6;
                    viaEmbed[i] = (z - m) / 1e6;
                }
                System.out.printf("%s: direct forward p50 %.1f ms, embed p50 %.1f ms (%d tokens)%n",
                        scheduled ? "scheduler on " : "scheduler off", p50(direct), p50(viaEmbed), t.length());
            }
        }
    }

    private static double p50(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
