package io.github.nomicembed.sample.ops;

import io.github.nomicembed.sample.Http;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bounded load generator for {@code POST /v1/embeddings} on loopback: {@code clients} threads send requests
 * of 1 to 4 texts from a fixed pool for {@code duration}, check every 200 answer against the reference vectors,
 * and classify every other answer. Samples the app's RSS four times a second.
 */
final class LoadGenerator {

    /** What one run saw. */
    record Report(long requests, long ok, Map<Integer, Long> statuses, long fiveHundredsWithoutRetryAfter,
            long ioErrors, long wrongVectors, List<Long> rejectedLatenciesMicros, List<Long> okLatenciesMicros,
            List<Long> rssKb, List<String> problems) {

        long rejected() {
            return statuses.getOrDefault(429, 0L) + statuses.getOrDefault(503, 0L);
        }

        /** Mean RSS of the last tenth of the samples over that of the first tenth, minus one. */
        double rssGrowth() {
            return rssGrowthAfter(0);
        }

        /**
         * Like {@link #rssGrowth()}, but over the samples after the first {@code warmupSamples} (four a second): the
         * steady state, without the warm-up ramp of a fresh JVM (JIT, allocator arenas, first large batches).
         */
        double rssGrowthAfter(int warmupSamples) {
            List<Long> steady = steady(warmupSamples);
            int tenth = Math.max(1, steady.size() / 10);
            double first = steady.subList(0, tenth).stream().mapToLong(Long::longValue).average().orElse(0);
            double last = steady.subList(steady.size() - tenth, steady.size()).stream().mapToLong(Long::longValue)
                    .average().orElse(0);
            return first == 0 ? 0 : last / first - 1;
        }

        /** The warm-up ramp in MB: the first sample and the last one of the warm-up. */
        List<Long> rssWarmupRampMb(int warmupSamples) {
            if (rssKb.isEmpty()) {
                return List.of();
            }
            int end = Math.min(rssKb.size(), Math.max(1, warmupSamples)) - 1;
            return List.of(rssKb.get(0) / 1024, rssKb.get(end) / 1024);
        }

        /** Mean RSS in MB after the warm-up. */
        long rssSteadyMb(int warmupSamples) {
            return Math.round(steady(warmupSamples).stream().mapToLong(Long::longValue).average().orElse(0) / 1024);
        }

        private List<Long> steady(int warmupSamples) {
            return rssKb.size() > warmupSamples + 10 ? rssKb.subList(warmupSamples, rssKb.size()) : rssKb;
        }

        /**
         * Mean RSS of each tenth of the samples in MB, to see where growth happens and whether it levels off; the
         * first and last are the ones {@link #rssGrowth()} compares.
         */
        List<Long> rssTenthsMb() {
            int tenth = rssKb.size() / 10;
            List<Long> out = new ArrayList<>();
            for (int i = 0; tenth > 0 && i < 10; i++) {
                int from = i == 9 ? rssKb.size() - tenth : i * tenth;
                out.add(Math.round(rssKb.subList(from, from + tenth).stream().mapToLong(Long::longValue)
                        .average().orElse(0) / 1024));
            }
            return out;
        }

        static long percentile(List<Long> values, double p) {
            if (values.isEmpty()) {
                return -1;
            }
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
        }

        /** The run as one JSON line; {@code warmupSamples} splits the RSS samples into the ramp and the steady part. */
        String summary(String name, int warmupSamples) {
            return JsonMapper.shared().writeValueAsString(Map.ofEntries(
                    Map.entry("run", name), Map.entry("requests", requests), Map.entry("ok", ok),
                    Map.entry("statuses", statuses), Map.entry("bad5xx", fiveHundredsWithoutRetryAfter),
                    Map.entry("ioErrors", ioErrors), Map.entry("wrongVectors", wrongVectors),
                    Map.entry("rejectedShare", requests == 0 ? 0 : (double) rejected() / requests),
                    Map.entry("rejectedP50Ms", percentile(rejectedLatenciesMicros, 0.5) / 1000.0),
                    Map.entry("rejectedP99Ms", percentile(rejectedLatenciesMicros, 0.99) / 1000.0),
                    Map.entry("okP50Ms", percentile(okLatenciesMicros, 0.5) / 1000.0),
                    Map.entry("okP99Ms", percentile(okLatenciesMicros, 0.99) / 1000.0),
                    Map.entry("rssFirstLastKb", rssKb.isEmpty() ? List.of() : List.of(rssKb.get(0),
                            rssKb.get(rssKb.size() - 1))),
                    Map.entry("rssTenthsMb", rssTenthsMb()), Map.entry("rssGrowth", rssGrowth()),
                    Map.entry("rssWarmupSeconds", warmupSamples / 4.0),
                    Map.entry("rssWarmupRampMb", rssWarmupRampMb(warmupSamples)),
                    Map.entry("rssSteadyMb", rssSteadyMb(warmupSamples)),
                    Map.entry("rssSteadyGrowth", rssGrowthAfter(warmupSamples))));
        }
    }

    private static final JsonMapper JSON = JsonMapper.shared();

    private final String baseUrl;
    private final String apiKey;
    private final List<String> pool;
    private final Map<String, float[]> reference;

    /**
     * @param apiKey sent as a bearer token, or {@code null}
     * @param reference the vector of every text of the pool, from sequential single-text requests
     */
    LoadGenerator(String baseUrl, String apiKey, List<String> pool, Map<String, float[]> reference) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.pool = pool;
        this.reference = reference;
    }

    /** The pool's vectors, one sequential request per text. */
    static Map<String, float[]> sequentialReference(Http http, List<String> pool) {
        Map<String, float[]> out = new ConcurrentHashMap<>();
        for (String text : pool) {
            Http.Response r = http.postJson("/v1/embeddings", Http.json(Map.of("input", text,
                    "encoding_format", "float")));
            if (r.status() != 200) {
                throw new IllegalStateException("reference request failed: " + r.status() + " " + r.body());
            }
            out.put(text, vector(r.json().at("/data/0/embedding")));
        }
        return out;
    }

    Report run(int clients, Duration duration, Duration clientTimeout, java.util.function.LongSupplier rssKb)
            throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
        AtomicLong requests = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong bad5xx = new AtomicLong();
        AtomicLong ioErrors = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<Long> rejectedLatencies = new CopyOnWriteArrayList<>();
        List<Long> okLatencies = new CopyOnWriteArrayList<>();
        List<Long> rss = new CopyOnWriteArrayList<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(clients + 1);
        workers.submit(() -> {
            while (System.nanoTime() < end) {
                rss.add(rssKb.getAsLong());
                sleep(250);
            }
        });
        for (int c = 0; c < clients; c++) {
            Random random = new Random(c);
            workers.submit(() -> {
                while (System.nanoTime() < end) {
                    List<String> texts = new ArrayList<>();
                    int n = 1 + random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        texts.add(pool.get(random.nextInt(pool.size())));
                    }
                    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/embeddings"))
                            .timeout(clientTimeout).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(Http.json(Map.of("input", texts,
                                    "encoding_format", "float"))));
                    if (apiKey != null) {
                        builder.header("Authorization", "Bearer " + apiKey);
                    }
                    HttpRequest request = builder.build();
                    long t0 = System.nanoTime();
                    requests.incrementAndGet();
                    try {
                        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                        long micros = (System.nanoTime() - t0) / 1000;
                        statuses.computeIfAbsent(r.statusCode(), k -> new AtomicLong()).incrementAndGet();
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                            okLatencies.add(micros);
                            JsonNode data = JSON.readTree(r.body()).get("data");
                            for (int i = 0; i < texts.size(); i++) {
                                if (!close(vector(data.get(i).get("embedding")), reference.get(texts.get(i)))) {
                                    wrong.incrementAndGet();
                                }
                            }
                        } else if (r.statusCode() == 429 || r.statusCode() == 503) {
                            rejectedLatencies.add(micros);
                            if (r.headers().firstValue("Retry-After").isEmpty()) {
                                bad5xx.incrementAndGet();
                                problems.add(r.statusCode() + " without Retry-After: " + r.body());
                            }
                        } else if (r.statusCode() >= 500) {
                            bad5xx.incrementAndGet();
                            problems.add(r.statusCode() + ": " + r.body());
                        } else {
                            problems.add(r.statusCode() + ": " + r.body());
                        }
                    } catch (IOException e) {
                        ioErrors.incrementAndGet();
                        problems.add("I/O: " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        workers.shutdown();
        if (!workers.awaitTermination(duration.toSeconds() + clientTimeout.toSeconds() + 30, TimeUnit.SECONDS)) {
            workers.shutdownNow();
            problems.add("clients did not stop in time");
        }
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.get()));
        return new Report(requests.get(), ok.get(), counts, bad5xx.get(), ioErrors.get(), wrong.get(),
                rejectedLatencies, okLatencies, rss, problems.subList(0, Math.min(20, problems.size())));
    }

    private static boolean close(float[] a, float[] b) {
        if (b == null || a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-6f) {
                return false;
            }
        }
        return true;
    }

    private static float[] vector(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
