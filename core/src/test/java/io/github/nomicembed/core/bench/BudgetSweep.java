package io.github.nomicembed.core.bench;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Bulk tokens/s on a seeded mixed-length corpus for several batch token budgets (and batch sizes),
 * interleaved over rounds so load drift hits them alike; the GEMM bound is measured in the same run.
 * Args: model dir, budgets (e.g. 1024,2048,4096,8192), batch size, docs, rounds.
 */
public final class BudgetSweep {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int[] budgets = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int batchSize = Integer.parseInt(args[2]);
        int docs = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        List<String> corpus;
        long tokens;
        double perToken;
        try (NomicEmbedder e = NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu").build())) {
            corpus = Benchmark.corpus(e, docs, 16, 512, 7);
            int[] lengths = corpus.stream()
                    .mapToInt(t -> e.countTokens(t, EmbeddingTask.NONE.promptName()).embedded()).toArray();
            tokens = Arrays.stream(lengths).sum();
            perToken = Benchmark.flops(e.info().config(), lengths) / tokens;
            e.embed(corpus.subList(0, 16), EmbeddingTask.NONE);
        }
        double[][] tps = new double[rounds][budgets.length];
        for (int r = 0; r < rounds; r++) {
            double gemm = ThroughputBench.gemmGflops();
            double bound = gemm * 1e9 / perToken;
            for (int b = 0; b < budgets.length; b++) {
                try (NomicEmbedder e = NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu")
                        .optBatchSize(batchSize).optMaxBatchTokens(budgets[b]).build())) {
                    e.embed(corpus.subList(0, 4), EmbeddingTask.NONE);
                    long a = System.nanoTime();
                    e.embed(corpus, EmbeddingTask.NONE);
                    tps[r][b] = tokens / ((System.nanoTime() - a) / 1e9);
                    System.out.printf("round %d budget %5d: %6.0f tok/s = %3.0f %% of bound %.0f (load %s)%n", r,
                            budgets[b], tps[r][b], 100 * tps[r][b] / bound, bound, Benchmark.load());
                }
            }
        }
    }
}
