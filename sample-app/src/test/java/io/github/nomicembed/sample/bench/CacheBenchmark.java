package io.github.nomicembed.sample.bench;

import io.github.nomicembed.sample.SampleApplication;
import io.github.nomicembed.springai.cache.CachedEmbedding;
import io.github.nomicembed.springai.cache.CaffeineEmbeddingStore;
import io.github.nomicembed.springai.cache.EmbeddingCache;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.BatchingStrategy;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import io.github.nomicembed.springai.NomicEmbeddingOptions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Re-ingest of an unchanged corpus with the embedding cache on (not a test: a program; figures are noisy on a
 * shared machine). Starts the sample app (profile offline-demo: the tiny fixture model, or
 * {@code --nomic.embedding.model-path=DIR} for another) with {@code nomic.embedding.cache.enabled=true}, then:
 *
 * <ol>
 *   <li>ingests corpus A through the Spring AI {@code EmbeddingModel} bean as vector stores do
 *       ({@code embed(documents, options, batchingStrategy)}), then re-ingests it five times;</li>
 *   <li>ingests corpus B (other texts) through {@code POST /v1/embeddings} in requests of 64 texts, then
 *       re-ingests it three times;</li>
 *   <li>corpus C through {@code EmbeddingModel.call} with 64 texts per call (what {@code /v1/embeddings}
 *       runs, without HTTP);</li>
 *   <li>fills a fresh in-memory store with 768- and 64-dimension entries and measures the heap they take.</li>
 * </ol>
 *
 * It prints first-ingest and best re-ingest times and their ratio (target: re-ingest at least 50x faster), and
 * bytes per entry, measured and as the cache estimates them.
 *
 * <pre>
 * mvn -B -ntp -q -pl sample-app -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -Xmx2g -cp sample-app/target/test-classes:sample-app/target/classes:$(cat sample-app/target/test.classpath) \
 *     io.github.nomicembed.sample.bench.CacheBenchmark TEXTS WORDS [--spring.property=value ...]
 * </pre>
 */
public final class CacheBenchmark {

    private static final int REQUEST_TEXTS = 64;

    private CacheBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int texts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int words = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        List<String> extra = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--nomic.embedding.cache.enabled=true",
                "--nomic.embedding.cache.max-bytes=1GB", "--app.embeddings.max-items=" + REQUEST_TEXTS,
                "--app.store.dir=" + Files.createTempDirectory("cache-bench"), "--logging.level.root=WARN"));
        appArgs.addAll(extra);
        boolean otherModel = extra.stream().anyMatch(a -> a.startsWith("--nomic.embedding.model-path"));
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(SampleApplication.class)
                .profiles(otherModel ? new String[0] : new String[] {"offline-demo"})
                .run(appArgs.toArray(String[]::new))) {
            EmbeddingCache cache = ctx.getBean(EmbeddingCache.class);
            System.out.printf("corpus: %d texts of %d words per path; model %s, %d dimensions%n", texts, words,
                    ctx.getEnvironment().getProperty("nomic.embedding.model-id"), ctx.getBean(EmbeddingModel.class)
                            .dimensions());
            springAi(ctx, corpus("A", texts, words));
            http(ctx, corpus("B", texts, words));
            call(ctx, corpus("C", texts, words));
            System.out.println("cache: " + cache.statistics().asMap());
            cache.statistics().size().ifPresent(size -> cache.statistics().bytes().ifPresent(bytes -> System.out
                    .printf("cache estimate: %d bytes per entry of %d dimensions%n", bytes / Math.max(1, size),
                            ctx.getBean(EmbeddingModel.class).dimensions())));
        }
        memoryPerEntry(768);
        memoryPerEntry(64);
    }

    private static void springAi(ConfigurableApplicationContext ctx, List<String> corpus) {
        EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
        BatchingStrategy batching = ctx.getBean(BatchingStrategy.class);
        List<Document> documents = corpus.stream().map(Document::new).toList();
        Runnable ingest = () -> model.embed(documents, EmbeddingOptions.builder().build(), batching);
        report("Spring AI EmbeddingModel (vector-store batch path)", ingest);
    }

    /** What /v1/embeddings runs, without HTTP: EmbeddingModel.call with 64 texts per request. */
    private static void call(ConfigurableApplicationContext ctx, List<String> corpus) {
        EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
        List<EmbeddingRequest> requests = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i += REQUEST_TEXTS) {
            requests.add(new EmbeddingRequest(corpus.subList(i, Math.min(corpus.size(), i + REQUEST_TEXTS)),
                    NomicEmbeddingOptions.builder().promptName("document").build()));
        }
        report("EmbeddingModel.call (" + REQUEST_TEXTS + " texts per call, no HTTP)", () -> requests.forEach(model::call));
    }

    private static void http(ConfigurableApplicationContext ctx, List<String> corpus) {
        String base = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        JsonMapper json = JsonMapper.shared();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i += REQUEST_TEXTS) {
            bodies.add(json.writeValueAsString(Map.of("input", corpus.subList(i, Math.min(corpus.size(),
                    i + REQUEST_TEXTS)), "prompt_name", "document", "encoding_format", "base64")));
        }
        Runnable ingest = () -> {
            for (String body : bodies) {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/embeddings"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        report("POST /v1/embeddings (" + REQUEST_TEXTS + " texts per request)", ingest);
    }

    private static void report(String path, Runnable ingest) {
        long first = time(ingest);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            best = Math.min(best, time(ingest));
        }
        System.out.printf("%s: first ingest %.1f ms, re-ingest %.1f ms (best of 5): %.0fx faster%n", path,
                first / 1e6, best / 1e6, (double) first / best);
    }

    private static long time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    /** Heap held per entry of a full in-memory store, and the cache's estimate. */
    private static void memoryPerEntry(int dims) {
        int n = 20_000;
        CaffeineEmbeddingStore store = CaffeineEmbeddingStore.ofMaxEntries(n);
        SplittableRandom random = new SplittableRandom(7);
        long before = usedHeap();
        for (int i = 0; i < n; i++) {
            float[] v = new float[dims];
            for (int d = 0; d < dims; d++) {
                v[d] = (float) random.nextGaussian();
            }
            store.put(key(random), new CachedEmbedding(v, 100));
        }
        store.cleanUp();
        long after = usedHeap();
        System.out.printf("memory per entry, %d dimensions: %d bytes measured (heap delta of %d entries), "
                + "%d estimated%n", dims, (after - before) / n, store.size().getAsLong(),
                new CachedEmbedding(new float[dims], 1).estimatedBytes());
        if (store.size().getAsLong() < 0) {
            System.out.println(store); // keeps the store reachable until measured
        }
    }

    private static String key(SplittableRandom random) {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** {@code n} distinct texts of {@code words} words (a fixed seed: the same corpus every run). */
    static List<String> corpus(String name, int n, int words) {
        String[] vocabulary = ("the quick brown fox jumps over lazy dog Berlin ist die Hauptstadt von Deutschland "
                + "capital of Germany what is search document query river mountain valley city north south")
                .split(" ");
        SplittableRandom random = new SplittableRandom(name.hashCode());
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder(name).append(' ').append(i);
            for (int w = 0; w < words; w++) {
                b.append(' ').append(vocabulary[random.nextInt(vocabulary.length)]);
            }
            texts.add(b.append('.').toString());
        }
        return texts;
    }
}
