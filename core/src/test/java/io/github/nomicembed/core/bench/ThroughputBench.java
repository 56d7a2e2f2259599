package io.github.nomicembed.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EngineTestAccess;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Quick throughput check of the full-size model on random weights (see {@link RandomCheckpoint}).
 *
 * <p>For each batch shape it prints the median forward time, tokens/s and embeddings/s, and — as the
 * baseline measured in the same run — the fp32 GEMM rate of this machine, turned into the FLOP-bound
 * tokens/s of the model's matmuls (231 MFLOP/token at 128 tokens), so the ratio says how close the
 * implementation runs to what libtorch's GEMM allows here.
 *
 * <pre>
 * mvn -q -pl core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.nomicembed.core.bench.ThroughputBench -Dexec.args="--shapes 1x16,8x128"
 * </pre>
 */
public final class ThroughputBench {

    private ThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(arg(args, "--model-dir", "target/bench-model"));
        String shapes = arg(args, "--shapes", "1x16,8x128,32x128");
        int reps = Integer.parseInt(arg(args, "--reps", "5"));
        int threads = Integer.parseInt(arg(args, "--threads", "0"));
        boolean perLayer = Arrays.asList(args).contains("--per-layer");
        Path tok = Path.of(arg(args, "--tokenizer", "src/test/resources/tiny-nomic-moe/tokenizer.json"));
        long t0 = System.nanoTime();
        boolean existed = Files.exists(dir.resolve("model.safetensors"));
        RandomCheckpoint.ensure(dir, tok, 42);
        System.out.printf("checkpoint %s: %s in %.1f s (%.2f GB)%n", dir, existed ? "reused" : "generated (seed 42)",
                (System.nanoTime() - t0) / 1e9, Files.size(dir.resolve("model.safetensors")) / 1e9);

        long l0 = System.nanoTime();
        try (NomicEmbedder e = NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu").optThreads(threads)
                .optBatchSize(1024).optMaxBatchTokens(1 << 20).build())) {
            System.out.printf("load: %.2f s, RSS %s MB%n", (System.nanoTime() - l0) / 1e9, rssMb());
            double gemm = gemmGflops();
            System.out.printf("baseline: fp32 GEMM %.1f GFLOP/s -> FLOP bound %.0f tokens/s at 231 MFLOP/token%n",
                    gemm, gemm * 1e9 / 231e6);
            System.out.println("shape      median_ms   tokens/s   emb/s   %_of_gemm_bound   RSS_MB(anon+file)");
            SplittableRandom rnd = new SplittableRandom(1);
            for (String s : shapes.split(",")) {
                String[] bs = s.trim().split("x");
                int b = Integer.parseInt(bs[0]);
                int len = Integer.parseInt(bs[1]);
                List<Tokenized> batch = new ArrayList<>();
                for (int i = 0; i < b; i++) {
                    long[] ids = new long[len];
                    ids[0] = 0;
                    ids[len - 1] = 2;
                    for (int j = 1; j < len - 1; j++) {
                        ids[j] = 5 + rnd.nextInt(250_000 - 5);
                    }
                    batch.add(new Tokenized(ids, false));
                }
                EngineTestAccess.pooled(e, batch, ForwardTrace.NONE); // warm-up
                double[] ms = new double[reps];
                for (int r = 0; r < reps; r++) {
                    long a = System.nanoTime();
                    EngineTestAccess.pooled(e, batch, ForwardTrace.NONE);
                    ms[r] = (System.nanoTime() - a) / 1e6;
                }
                Arrays.sort(ms);
                double med = ms[reps / 2];
                if (perLayer) {
                    LayerTimer timer = new LayerTimer();
                    EngineTestAccess.pooled(e, batch, timer);
                    System.out.println("  " + timer.summary());
                }
                double tps = b * len / (med / 1000);
                System.out.printf("%-10s %9.1f %10.0f %7.2f %12.0f%% %10s%n", s.trim(), med, tps, b / (med / 1000),
                        100 * tps / (gemm * 1e9 / 231e6), rssMb());
            }
        }
    }

    /** Wall time per block part from trace callbacks (eager CPU ops are synchronous). */
    static final class LayerTimer implements ForwardTrace {
        private long last = System.nanoTime();
        private double attention;
        private double dense;
        private double moe;
        private boolean moeLayer;

        private double lap() {
            long now = System.nanoTime();
            double ms = (now - last) / 1e6;
            last = now;
            return ms;
        }

        @Override
        public void onEmbeddings(NDArray hidden) {
            lap();
        }

        @Override
        public void onAttentionOutput(int layer, NDArray hidden) {
            attention += lap();
        }

        @Override
        public void onRouter(int layer, NDArray probs, NDArray w, NDArray e) {
            moeLayer = true;
        }

        @Override
        public void onLayerOutput(int layer, NDArray hidden) {
            if (moeLayer) {
                moe += lap();
            } else {
                dense += lap();
            }
            moeLayer = false;
        }

        String summary() {
            return String.format("attention %.1f ms, dense MLPs %.1f ms, MoE MLPs %.1f ms (all layers)", attention, dense, moe);
        }
    }

    /** fp32 GEMM rate on a 1024x768 · 768x3072 product, the model's typical shape. */
    static double gemmGflops() {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            NDArray x = m.randomUniform(-1, 1, new Shape(1024, 768));
            NDArray w = m.randomUniform(-1, 1, new Shape(3072, 768));
            for (int i = 0; i < 5; i++) {
                Linear.linear(x, w).close();
            }
            int n = 20;
            long a = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Linear.linear(x, w).close();
            }
            double s = (System.nanoTime() - a) / 1e9;
            return 2.0 * 1024 * 768 * 3072 * n / s / 1e9;
        }
    }

    /** Anonymous (heap + native) resident memory; the mapped weights show up separately as file pages. */
    static String rssMb() {
        return status("RssAnon:") + "+" + status("RssFile:") + "f";
    }

    private static String status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.toString(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return "?";
    }

    private static String arg(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}
