package io.github.nomicembed.spark.bench;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.spark.EmbedderSpec;
import io.github.nomicembed.spark.ModelSource;
import io.github.nomicembed.spark.NomicEmbeddingTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Throughput of the same corpus through the engine alone and through Spark {@code local[2]}, and the ratio.
 * See docs/benchmarks.md for the command.
 *
 * <pre>
 * SparkOverheadBench MODEL_DIR [TEXTS=400] [WORDS=60]
 * </pre>
 */
public final class SparkOverheadBench {

    private static final String[] WORDS = ("the quick brown fox jumps over lazy dog Berlin is capital of Germany "
            + "search document query what hello world zebra Paris France water lake planet bread culture starter")
            .split(" ");

    private SparkOverheadBench() {
    }

    public static void main(String[] args) {
        String model = args[0];
        int texts = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int words = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        List<String> corpus = corpus(texts, words, 42);
        EmbedderSpec spec = new NomicEmbeddingTransformer().setModelPath(model).setDevice("cpu").spec();

        long tokens;
        double engine1 = 0;
        double engine2 = 0;
        double spark2 = 0;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("SparkOverheadBench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try (NomicEmbedder embedder = NomicEmbedder.load(ModelSource.path(model).resolve(), spec.toOptions())) {
            tokens = embedder.embed(corpus, EmbeddingTask.DOCUMENT).totalTokens(); // warm-up, and the token count
            NomicEmbeddingTransformer t = new NomicEmbeddingTransformer().setModelPath(model).setDevice("cpu");
            Dataset<Row> df = spark.createDataset(corpus, Encoders.STRING()).toDF("text").repartition(2).cache();
            df.count();
            t.transform(df.limit(8)).write().format("noop").mode("overwrite").save(); // the executor loads its model
            for (int round = 0; round < 2; round++) { // best of two, interleaved, against load from other processes
                engine1 = Math.max(engine1, tokens / seconds(() -> embedAll(embedder, corpus)));
                engine2 = Math.max(engine2, tokens / seconds(() -> embedInTwoThreads(embedder, corpus)));
                spark2 = Math.max(spark2, tokens / seconds(
                        () -> t.transform(df).write().format("noop").mode("overwrite").save()));
            }
        } finally {
            spark.stop();
        }
        System.out.printf(Locale.ROOT, "texts=%d tokens=%d engine(1 caller)=%.0f tok/s engine(2 callers)=%.0f tok/s "
                + "spark-local[2]=%.0f tok/s spark/engine(2 callers)=%.2f spark/engine(1 caller)=%.2f%n", texts,
                tokens, engine1, engine2, spark2, spark2 / engine2, spark2 / engine1);
    }

    private static void embedAll(NomicEmbedder embedder, List<String> corpus) {
        for (int i = 0; i < corpus.size(); i += 256) {
            embedder.embed(corpus.subList(i, Math.min(corpus.size(), i + 256)), EmbeddingTask.DOCUMENT);
        }
    }

    /** What local[2] does: two partitions embedded at the same time by one shared model. */
    private static void embedInTwoThreads(NomicEmbedder embedder, List<String> corpus) {
        int half = corpus.size() / 2;
        Thread other = new Thread(() -> embedAll(embedder, corpus.subList(half, corpus.size())));
        other.start();
        embedAll(embedder, corpus.subList(0, half));
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    static List<String> corpus(int texts, int words, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(texts);
        for (int i = 0; i < texts; i++) {
            StringBuilder sb = new StringBuilder();
            int n = words / 2 + r.nextInt(words);
            for (int w = 0; w < n; w++) {
                sb.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
            }
            out.add(sb.toString());
        }
        return out;
    }
}
