package io.github.nomicembed.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.EngineTestAccess;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.batch.BatchPlanner;
import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.schedule.SchedulerOptions;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The project's benchmark: one command that measures, in one run on a seeded full-size random checkpoint
 * (see {@link RandomCheckpoint}), the machine's limits and what the engine and the sample app reach against
 * them.
 *
 * <ul>
 *   <li>limits: fp32 GEMM rate (→ FLOP-bound tokens/s for the corpus), memory read bandwidth, and the
 *       weight-streaming floor of one short query (bytes of every weight a 16-token query touches / bandwidth);</li>
 *   <li>bulk throughput on a seeded mixed-length corpus (log-uniform 16..512 tokens), in the engine
 *       ({@link NomicEmbedder#embed}, all texts in one call) and over HTTP ({@code /v1/embeddings}, requests of
 *       64 texts), against a naive baseline run in the same process (batches of 32 in input order, padded to
 *       the longest, one call at a time);</li>
 *   <li>single-query p50/p99; 1/4/16/64 concurrent single-query callers (real tokens/s, p50, p99, errors);
 *       queries issued while a bulk request runs; RSS without the mapped weights (RssAnon) sampled all along,
 *       and an optional mixed soak run.</li>
 * </ul>
 *
 * <p>It prints a table and writes {@code results.csv}, {@code rss.csv} and PNG plots to {@code --out}.
 * See docs/benchmarks.md for the command and the figures.
 */
public final class Benchmark {

    private static final String[] WORDS = ("the of and to in is was for on that with as by at from his her an "
            + "which were are this be had it not or have one all their new first two after who been more its "
            + "city year time people during other only when into school world over most some would state between "
            + "river house music north south under while about film model vector search query engine token batch "
            + "memory expert layer java spring kernel thread cache matrix index").split(" ");

    private final Map<String, String> opts;
    private final List<String[]> rows = new ArrayList<>(); // metric, path, callers, value, unit, ratio, note
    private final List<String> rss = Collections.synchronizedList(new ArrayList<>());
    private final long t0 = System.nanoTime();
    private volatile String phase = "start";
    private double singleEngineP50 = Double.NaN;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final long self = ProcessHandle.current().pid();
    private double cpuBound = Double.NaN; // FLOP bound from GEMM FLOPs per CPU-second x cores

    private Benchmark(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("model-dir", "target/bench-model");
        o.put("out", "target/bench-out");
        o.put("tokenizer", "src/test/resources/tiny-nomic-moe/tokenizer.json");
        o.put("jar", "../sample-app/target/nomic-embed-sample-app-0.1.0-SNAPSHOT.jar");
        o.put("docs", "256");
        o.put("min-len", "16");
        o.put("max-len", "512");
        o.put("seed", "7");
        o.put("request-size", "64");
        o.put("query-reps", "40");
        o.put("callers", "1,4,16,64");
        o.put("conc-seconds", "10");
        o.put("during-docs", "128");
        o.put("query-interval-ms", "1000");
        o.put("blas-compare", "true");
        o.put("soak-seconds", "0");
        o.put("threads", "0");
        o.put("http", "true");
        o.put("baseline", "true");
        o.put("workers", "true");
        o.put("port", "18089");
        o.put("server-java-opts", "-Xmx512m");
        o.put("malloc-arena-max", "2");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--replot")) { // redraw the plots of the run in --out
                o.put("replot", "true");
                continue;
            }
            if (!args[i].startsWith("--") || !o.containsKey(args[i].substring(2)) || i + 1 >= args.length) {
                System.err.println("unknown or incomplete option " + args[i] + "; options and defaults: " + o);
                System.exit(2);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        Benchmark b = new Benchmark(o);
        if (o.containsKey("replot")) {
            b.replot(Path.of(o.get("out")));
        } else {
            b.run();
        }
    }

    /** Redraws the plots of an earlier run from its {@code results.csv} and {@code rss.csv}. */
    private void replot(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 7);
            rows.add(new String[] {f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
        }
        List<String> r = Files.readAllLines(out.resolve("rss.csv"));
        rss.addAll(r.subList(1, r.size()));
        plots(out, value("flop_bound", "engine", 0), value("weight_floor", "engine", 0));
        System.out.println("replotted " + out.toAbsolutePath());
    }

    private int num(String k) {
        return Integer.parseInt(opts.get(k));
    }

    private void run() throws Exception {
        Path dir = Path.of(opts.get("model-dir"));
        Path out = Path.of(opts.get("out"));
        Files.createDirectories(out);
        System.out.printf("options %s%nhost: %d cpus, load %s%n", opts, Runtime.getRuntime().availableProcessors(), load());
        long g0 = System.nanoTime();
        boolean existed = Files.exists(dir.resolve("model.safetensors"));
        RandomCheckpoint.ensure(dir, Path.of(opts.get("tokenizer")), 42);
        System.out.printf("checkpoint %s: %s in %.1f s%n", dir, existed ? "reused" : "generated (seed 42)",
                (System.nanoTime() - g0) / 1e9);

        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rss-sampler");
            t.setDaemon(true);
            return t;
        });
        long self = ProcessHandle.current().pid();
        sampler.scheduleAtFixedRate(() -> sampleRss("engine", self), 0, 250, TimeUnit.MILLISECONDS);

        EmbedderOptions engineOptions = EmbedderOptions.builder().optDevice("cpu").optThreads(num("threads")).build();
        List<String> corpus;
        List<String> queries;
        double gemm;
        double bandwidth;
        double floorMs;
        double corpusFlopsPerToken;
        Stats engineBulk;
        try (NomicEmbedder e = NomicEmbedder.load(dir, engineOptions)) {
            NomicBertConfig cfg = e.info().config();
            corpus = corpus(e, num("docs"), num("min-len"), num("max-len"), num("seed"));
            queries = corpus(e, 64, 16, 16, num("seed") + 1);
            int[] lengths = corpus.stream()
                    .mapToInt(t -> e.countTokens(t, EmbeddingTask.NONE.promptName()).embedded()).toArray();
            long realTokens = Arrays.stream(lengths).sum();
            corpusFlopsPerToken = flops(cfg, lengths) / realTokens;

            phase = "limits";
            double c0 = cpuSeconds(self);
            long w0 = System.nanoTime();
            gemm = ThroughputBench.gemmGflops();
            double gemmWall = (System.nanoTime() - w0) / 1e9;
            double gemmCpu = cpuSeconds(self) - c0;
            // the GEMM loop's FLOPs (25 products incl. warm-up) per CPU-second the process got, times the cores
            double gemmPerCpu = 2.0 * 1024 * 768 * 3072 * 25 / 1e9 / gemmCpu * cores;
            cpuBound = gemmPerCpu * 1e9 / corpusFlopsPerToken;
            record("gemm_gflops_cpu", "engine", 0, gemmPerCpu, "GFLOP/s", Double.NaN, String.format(Locale.ROOT,
                    "per CPU-second of this process x %d cores (got %.0f %% of the cores' time)", cores,
                    100 * gemmCpu / gemmWall / cores));
            bandwidth = bandwidthGBs();
            double bytes = queryWeightBytes(cfg);
            floorMs = bytes / (bandwidth * 1e9) * 1e3;
            double bound = gemm * 1e9 / corpusFlopsPerToken;
            record("gemm_gflops", "engine", 0, gemm, "GFLOP/s", Double.NaN, "1024x768 . 768x3072 fp32");
            if (Boolean.parseBoolean(opts.get("blas-compare"))) {
                phase = "GEMM with the MKL fast path off and on";
                blasRows();
            }
            record("flop_bound", "engine", 0, bound, "tok/s", 1, String.format(Locale.ROOT,
                    "%.0f MFLOP/token averaged over the corpus", corpusFlopsPerToken / 1e6));
            record("mem_bandwidth", "engine", 0, bandwidth, "GB/s", Double.NaN, "sum over a 512 MB array");
            record("weight_floor", "engine", 0, floorMs, "ms", Double.NaN, String.format(Locale.ROOT,
                    "%.2f GB of weights a 16-token query touches (all experts) / bandwidth", bytes / 1e9));
            System.out.printf("corpus: %d texts, %d tokens (%d..%d), %.0f MFLOP/token -> bound %.0f tok/s; load %s%n",
                    corpus.size(), realTokens, Arrays.stream(lengths).min().orElse(0),
                    Arrays.stream(lengths).max().orElse(0), corpusFlopsPerToken / 1e6, bound, load());
            paddedFractions(lengths, engineOptions);

            phase = "engine warm-up";
            e.embed(corpus.subList(0, Math.min(32, corpus.size())), EmbeddingTask.NONE);
            e.embed(queries.subList(0, 4), EmbeddingTask.NONE);

            phase = "engine bulk";
            double cpu0 = cpuSeconds(self);
            long b0 = System.nanoTime();
            EmbeddingResult r = e.embed(corpus, EmbeddingTask.NONE);
            cpuRow("bulk", "engine", 0, sum(r.tokenCounts()), cpuSeconds(self) - cpu0);
            double secs = (System.nanoTime() - b0) / 1e9;
            engineBulk = new Stats(List.of(secs * 1e3), sum(r.tokenCounts()), secs, 0);
            record("bulk", "engine", 0, engineBulk.tokensPerSecond(), "tok/s", engineBulk.tokensPerSecond() / bound,
                    "all texts in one embed() call; load " + load());

            if (Boolean.parseBoolean(opts.get("baseline"))) {
                phase = "naive baseline";
                double cpu1 = cpuSeconds(self);
                long n0 = System.nanoTime();
                double base = naiveBaseline(dir, e, corpus);
                double nsecs = (System.nanoTime() - n0) / 1e9;
                cpuRow("bulk_baseline", "engine", 0, base * nsecs, cpuSeconds(self) - cpu1);
                record("bulk_baseline", "engine", 0, base, "tok/s", base / bound,
                        "batches of 32 in input order padded to the longest; load " + load());
                record("bulk_vs_baseline", "engine", 0, engineBulk.tokensPerSecond() / base, "x", Double.NaN, "");
            }

            if (Boolean.parseBoolean(opts.get("workers"))) {
                phase = "engine 2 workers x 1 thread";
                workers(dir, corpus, bound, engineBulk, queries);
            }

            phase = "engine single query";
            Stats single = sequentialQueries(q -> e.embed(List.of(q), EmbeddingTask.NONE).tokenCounts()[0], queries,
                    num("query-reps"));
            record("single_p50", "engine", 1, single.p(50), "ms", single.p(50) / floorMs, "ratio = p50 / weight floor");
            record("single_p99", "engine", 1, single.p(99), "ms", single.p(99) / floorMs, "");

            for (String c : opts.get("callers").split(",")) {
                int callers = Integer.parseInt(c.trim());
                phase = "engine callers " + callers;
                double cpu2 = cpuSeconds(self);
                Stats s = concurrent(callers, num("conc-seconds"), queries,
                        q -> e.embed(List.of(q), EmbeddingTask.NONE).tokenCounts()[0]);
                callerRows("engine", callers, s, bound);
                cpuRow("callers_tokens_per_s", "engine", callers, s.tokens(), cpuSeconds(self) - cpu2);
            }

            phase = "engine single query, scheduler off";
            try (NomicEmbedder direct = NomicEmbedder.load(dir, engineOptions.toBuilder()
                    .optScheduler(SchedulerOptions.disabled()).build())) {
                direct.embed(queries.subList(0, 4), EmbeddingTask.NONE);
                Stats d = sequentialQueries(q -> direct.embed(List.of(q), EmbeddingTask.NONE).tokenCounts()[0],
                        queries, num("query-reps"));
                record("single_p50", "engine-direct", 1, d.p(50), "ms", d.p(50) / floorMs,
                        "scheduler off: the caller's thread runs the pass; ratio = p50 / weight floor");
                record("scheduler_vs_direct_p50", "engine", 1, single.p(50) / d.p(50), "x", Double.NaN,
                        "single query p50 through the scheduler / with it off");
            }
            phase = "engine, weights not packed";
            try (NomicEmbedder unpacked = NomicEmbedder.load(dir, engineOptions.toBuilder().optPackWeights(false)
                    .build())) {
                unpacked.embed(queries.subList(0, 4), EmbeddingTask.NONE);
                // alternating query by query, so drift on a shared machine hits both the same
                Stats[] pu = alternatingQueries(q -> e.embed(List.of(q), EmbeddingTask.NONE).tokenCounts()[0],
                        q -> unpacked.embed(List.of(q), EmbeddingTask.NONE).tokenCounts()[0], queries,
                        num("query-reps"));
                record("single_p50", "engine-packed-alternating", 1, pu[0].p(50), "ms", pu[0].p(50) / floorMs,
                        "packed weights, queries alternating with the next row's; ratio = p50 / weight floor");
                record("single_p50", "engine-unpacked", 1, pu[1].p(50), "ms", pu[1].p(50) / floorMs,
                        "pack-weights=false (libtorch's sgemm repacks each weight per call), alternating with the row above");
                record("packed_speedup_single_p50", "engine", 1, pu[1].p(50) / pu[0].p(50), "x", Double.NaN,
                        "single query p50 with pack-weights=false / with packed weights (" + e.info().gemm() + ")");
                long u0 = System.nanoTime();
                EmbeddingResult ur = unpacked.embed(corpus, EmbeddingTask.NONE);
                double usecs = (System.nanoTime() - u0) / 1e9;
                double utps = sum(ur.tokenCounts()) / usecs;
                record("bulk", "engine-unpacked", 0, utps, "tok/s", utps / bound,
                        "pack-weights=false, all texts in one embed() call; load " + load());
                long p0 = System.nanoTime();
                EmbeddingResult pr = e.embed(corpus, EmbeddingTask.NONE);
                double ptps = sum(pr.tokenCounts()) / ((System.nanoTime() - p0) / 1e9);
                record("bulk", "engine-packed-again", 0, ptps, "tok/s", ptps / bound,
                        "packed weights again, right after the row above; load " + load());
                record("packed_speedup_bulk", "engine", 0, ptps / utps, "x", Double.NaN,
                        "bulk tokens/s packed / with pack-weights=false, measured one after the other");
            }
            singleEngineP50 = single.p(50);

            phase = "engine ingest with queries";
            IngestWithQueries iwq = ingestWithQueries(corpus);
            duringIngestRows("engine", iwq.run(texts -> sum(e.embed(texts, EmbeddingTask.NONE).tokenCounts()),
                    q -> e.embed(List.of(q), EmbeddingTask.NONE).tokenCounts()[0], queries), single.p(50));
            phase = "engine ingest with queries, small calls not yielded to";
            try (NomicEmbedder noYield = NomicEmbedder.load(dir, engineOptions.toBuilder()
                    .optScheduler(SchedulerOptions.builder().optSmallRequestTokens(0).build()).build())) {
                noYield.embed(queries.subList(0, 4), EmbeddingTask.NONE);
                duringIngestRows("engine-no-yield", iwq.run(
                        texts -> sum(noYield.embed(texts, EmbeddingTask.NONE).tokenCounts()),
                        q -> noYield.embed(List.of(q), EmbeddingTask.NONE).tokenCounts()[0], queries), single.p(50));
            }
        }
        double bound = gemm * 1e9 / corpusFlopsPerToken;

        if (Boolean.parseBoolean(opts.get("http"))) {
            http(dir, out, corpus, queries, bound, engineBulk, sampler);
        }
        sampler.shutdownNow();
        phase = "done";
        write(out, bound, floorMs);
        System.out.println("load at end " + load());
    }

    // ---------------------------------------------------------------- HTTP

    private void http(Path dir, Path out, List<String> corpus, List<String> queries, double bound, Stats engineBulk,
                      ScheduledExecutorService sampler) throws Exception {
        Path jar = Path.of(opts.get("jar"));
        if (!Files.isRegularFile(jar)) {
            System.out.println("HTTP part skipped: no sample app jar at " + jar
                    + " (build it: mvn -B -o -q package -pl sample-app -am -DskipTests)");
            return;
        }
        double offTps = Double.NaN;
        if (Boolean.parseBoolean(opts.get("blas-compare"))) {
            Process server = startServer(dir, out, "server-blas-off.log", "--nomic.embedding.cpu.blas-fast-path=off");
            try {
                phase = "http bulk, MKL fast path off";
                Http h = connect(server, out);
                h.embed(corpus.subList(0, Math.min(32, corpus.size())));
                offTps = httpBulk(h, corpus);
                record("bulk", "http-blas-off", 0, offTps, "tok/s", offTps / bound,
                        "the sample app with nomic.embedding.cpu.blas-fast-path=off; load " + load());
            } finally {
                stop(server);
            }
        }
        Process server = startServer(dir, out, "server.log");
        try {
            sampler.scheduleAtFixedRate(() -> sampleRss("server", server.pid()), 0, 250, TimeUnit.MILLISECONDS);
            Http h = connect(server, out);
            phase = "http warm-up";
            h.embed(corpus.subList(0, Math.min(32, corpus.size())));
            h.embed(queries.subList(0, 4));

            phase = "http bulk";
            int size = num("request-size");
            double cpu0 = cpuSeconds(server.pid());
            long tokens0 = tokensSoFar;
            double tps = httpBulk(h, corpus);
            cpuRow("bulk", "http", 0, tokensSoFar - tokens0, cpuSeconds(server.pid()) - cpu0);
            record("bulk", "http", 0, tps, "tok/s", tps / bound, "requests of " + size + " texts, one at a time; load "
                    + load());
            if (!Double.isNaN(offTps)) {
                record("blas_fast_path_bulk_speedup", "http", 0, tps / offTps, "x", Double.NaN,
                        "bulk over HTTP, blas-fast-path auto / off, same run");
            }
            record("http_vs_engine_bulk", "http", 0, tps / engineBulk.tokensPerSecond(), "x", Double.NaN, "");
            record("rss_anon_max_bulk", "http", 0, maxRss("server", "http bulk"), "MB", Double.NaN, "server RssAnon");

            phase = "http single query";
            Stats single = sequentialQueries(q -> h.embed(List.of(q)), queries, num("query-reps"));
            record("single_p50", "http", 1, single.p(50), "ms", Double.NaN, "");
            record("http_minus_engine_p50", "http", 1, single.p(50) - singleEngineP50, "ms", Double.NaN,
                    "single query p50 over HTTP minus in the engine (scheduler on)");
            record("single_p99", "http", 1, single.p(99), "ms", Double.NaN, "");

            for (String c : opts.get("callers").split(",")) {
                int callers = Integer.parseInt(c.trim());
                phase = "http callers " + callers;
                double cpu2 = cpuSeconds(server.pid());
                Stats s = concurrent(callers, num("conc-seconds"), queries, q -> h.embed(List.of(q)));
                callerRows("http", callers, s, bound);
                cpuRow("callers_tokens_per_s", "http", callers, s.tokens(), cpuSeconds(server.pid()) - cpu2);
            }

            phase = "http ingest with queries";
            duringIngestRows("http", ingestWithQueries(corpus).run(h::embed, q -> h.embed(List.of(q)), queries),
                    single.p(50));

            int soak = num("soak-seconds");
            if (soak > 0) {
                phase = "http soak";
                double first = currentRss("server");
                Stats s = soak(h, corpus, queries, soak, size);
                double last = currentRss("server");
                record("soak_tokens_per_s", "http", 4, s.tokensPerSecond(), "tok/s", s.tokensPerSecond() / bound,
                        soak + " s: one bulk client (64-text requests) + 4 query callers");
                record("soak_rss_first_last_max", "http", 0, last - first, "MB", Double.NaN, String.format(Locale.ROOT,
                        "first %.0f, last %.0f, max %.0f MB", first, last, maxRss("server", "http soak")));
                record("soak_errors", "http", 4, s.errors(), "", Double.NaN, "");
            }
        } finally {
            stop(server);
        }
    }

    private long tokensSoFar;

    /** The corpus over HTTP in requests of {@code request-size} texts, one at a time; returns tokens/s. */
    private double httpBulk(Http h, List<String> corpus) throws Exception {
        int size = num("request-size");
        long b0 = System.nanoTime();
        long tokens = 0;
        for (int i = 0; i < corpus.size(); i += size) {
            tokens += h.embed(corpus.subList(i, Math.min(corpus.size(), i + size)));
        }
        tokensSoFar += tokens;
        return tokens / ((System.nanoTime() - b0) / 1e9);
    }

    /** Starts the sample app on the checkpoint with the engine's batch defaults and {@code extra} arguments. */
    private Process startServer(Path dir, Path out, String log, String... extra) throws IOException {
        int port = num("port");
        Path store = Files.createTempDirectory("bench-store");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        for (String jo : opts.get("server-java-opts").trim().split("\\s+")) {
            if (!jo.isEmpty()) {
                cmd.add(jo);
            }
        }
        cmd.addAll(List.of("-Dai.djl.offline=true", "-jar", opts.get("jar"),
                "--nomic.embedding.model-path=" + dir.toAbsolutePath(), "--nomic.embedding.device=cpu",
                "--server.port=" + port, "--app.store.dir=" + store, "--logging.level.root=WARN"));
        if (num("threads") > 0) {
            cmd.add("--nomic.embedding.threads=" + num("threads"));
        }
        // the engine's defaults (the starter's properties carry their own copies)
        EmbedderOptions d = EmbedderOptions.defaults();
        cmd.add("--nomic.embedding.batch-size=" + d.batchSize());
        cmd.add("--nomic.embedding.max-batch-tokens=" + d.maxBatchTokens());
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve(log).toFile());
        if (num("malloc-arena-max") > 0) {
            pb.environment().put("MALLOC_ARENA_MAX", opts.get("malloc-arena-max")); // glibc: fewer per-thread heaps
        }
        System.out.println("server: " + String.join(" ", cmd));
        return pb.start();
    }

    /** Waits for the app to answer (at most 240 s). */
    private Http connect(Process server, Path out) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Http h = new Http(client, URI.create("http://127.0.0.1:" + num("port") + "/v1/embeddings"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        phase = "server start";
        while (true) {
            try {
                h.embed(List.of("hello"));
                return h;
            } catch (Exception ex) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw new IllegalStateException("sample app did not come up; see " + out, ex);
                }
                Thread.sleep(500);
            }
        }
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }

    /** Minimal OpenAI embeddings client; returns the prompt tokens the server reports. */
    private record Http(HttpClient client, URI uri) {
        private static final Pattern TOKENS = Pattern.compile("\"prompt_tokens\"\\s*:\\s*(\\d+)");

        long embed(List<String> texts) throws IOException, InterruptedException {
            StringBuilder sb = new StringBuilder("{\"model\":\"nomic\",\"input\":[");
            for (int i = 0; i < texts.size(); i++) {
                sb.append(i == 0 ? "\"" : ",\"").append(texts.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
            sb.append("]}");
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(sb.toString())).build();
            HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IOException("HTTP " + resp.statusCode() + ": "
                        + resp.body().substring(0, Math.min(300, resp.body().length())));
            }
            Matcher m = TOKENS.matcher(resp.body());
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }
    }

    /** fp32 GEMM rates with MKL's fast path off and on, each in a fresh JVM (it is process-wide). */
    private void blasRows() throws IOException, InterruptedException {
        Map<String, Map<String, String>> byMode = new LinkedHashMap<>();
        for (String mode : List.of("off", "on")) {
            Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "io.github.nomicembed.core.runtime.BlasProbe", mode, "sweep").redirectErrorStream(true).start();
            Map<String, String> v = new LinkedHashMap<>();
            for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("[")) {
                    v.put(line.substring(0, eq), line.substring(eq + 1).trim());
                }
            }
            p.waitFor();
            byMode.put(mode, v);
        }
        for (String m : List.of("1024", "16", "4")) {
            double off = Double.parseDouble(byMode.get("off").getOrDefault("gflops_M" + m, "NaN"));
            double on = Double.parseDouble(byMode.get("on").getOrDefault("gflops_M" + m, "NaN"));
            record("gemm_gflops_blas_off", "engine", Integer.parseInt(m), off, "GFLOP/s", Double.NaN,
                    "M=" + m + " x768 . 768x3072, MKL branch " + byMode.get("off").get("branch"));
            record("gemm_gflops_blas_on", "engine", Integer.parseInt(m), on, "GFLOP/s", on / off,
                    "ratio = on / off; MKL branch " + byMode.get("on").get("branch") + ", CPU "
                            + byMode.get("on").get("vendor"));
        }
    }

    // ---------------------------------------------------------------- workloads

    private IngestWithQueries ingestWithQueries(List<String> corpus) {
        return new IngestWithQueries(corpus.subList(0, Math.min(num("during-docs"), corpus.size())),
                num("request-size"), num("query-interval-ms"));
    }

    private void duringIngestRows(String path, IngestWithQueries.Result r, double aloneP50) {
        String how = String.format(Locale.ROOT, "%d queries, each %s ms after the last answer; ratio = x a query alone",
                r.queries().count(), opts.get("query-interval-ms"));
        record("during_ingest_p50", path, 1, r.queries().p(50), "ms", r.queries().p(50) / aloneP50, how);
        record("during_ingest_p99", path, 1, r.queries().p(99), "ms", r.queries().p(99) / aloneP50, "");
        record("during_ingest_max", path, 1, r.max(), "ms", r.max() / aloneP50, "");
        record("ingest_alone", path, 0, r.aloneTokensPerSecond(), "tok/s", Double.NaN,
                "requests of " + opts.get("request-size") + " texts, one after another; load " + load());
        record("ingest_with_queries", path, 0, r.withQueriesTokensPerSecond(), "tok/s", r.keptShare(),
                "ratio = share of the ingest's rate alone");
    }

    @FunctionalInterface
    interface Call {
        long run(String text) throws Exception;
    }

    /** Latencies (ms), real tokens, wall seconds and errors of one workload. */
    record Stats(List<Double> latencies, long tokens, double seconds, long errors) {
        double p(double pct) {
            if (latencies.isEmpty()) {
                return Double.NaN;
            }
            double[] s = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return s[(int) Math.min(s.length - 1, Math.ceil(pct / 100 * s.length) - 1)];
        }

        double tokensPerSecond() {
            return tokens / seconds;
        }

        int count() {
            return latencies.size();
        }
    }

    private static Stats sequentialQueries(Call call, List<String> queries, int reps) throws Exception {
        List<Double> lat = new ArrayList<>();
        long tokens = 0;
        long a = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            tokens += call.run(queries.get(i % queries.size()));
            lat.add((System.nanoTime() - s) / 1e6);
        }
        return new Stats(lat, tokens, (System.nanoTime() - a) / 1e9, 0);
    }

    /** Single queries to {@code a} and {@code b} in turn, the same query to each; their stats in that order. */
    private static Stats[] alternatingQueries(Call a, Call b, List<String> queries, int reps) throws Exception {
        List<List<Double>> lat = List.of(new ArrayList<>(), new ArrayList<>());
        long[] tokens = new long[2];
        long[] nanos = new long[2];
        for (int i = 0; i < reps; i++) {
            String q = queries.get(i % queries.size());
            for (int side = 0; side < 2; side++) {
                long s = System.nanoTime();
                tokens[side] += (side == 0 ? a : b).run(q);
                long d = System.nanoTime() - s;
                nanos[side] += d;
                lat.get(side).add(d / 1e6);
            }
        }
        return new Stats[] {new Stats(lat.get(0), tokens[0], nanos[0] / 1e9, 0),
            new Stats(lat.get(1), tokens[1], nanos[1] / 1e9, 0)};
    }

    /** {@code callers} threads issuing single queries back to back for {@code seconds}. */
    private static Stats concurrent(int callers, int seconds, List<String> queries, Call call) throws Exception {
        ConcurrentLinkedQueue<Double> lat = new ConcurrentLinkedQueue<>();
        AtomicLong tokens = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    int i = id;
                    while (!stop.get()) {
                        long s = System.nanoTime();
                        try {
                            tokens.addAndGet(call.run(queries.get(i++ % queries.size())));
                            lat.add((System.nanoTime() - s) / 1e6);
                        } catch (Exception ex) {
                            if (errors.incrementAndGet() == 1) {
                                System.out.println("  first error: " + ex);
                            }
                        }
                    }
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "caller-" + c);
            threads.add(t);
            t.start();
        }
        long a = System.nanoTime();
        go.countDown();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        return new Stats(new ArrayList<>(lat), tokens.get(), (System.nanoTime() - a) / 1e9, errors.get());
    }

    private Stats soak(Http h, List<String> corpus, List<String> queries, int seconds, int size) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong bulkTokens = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Thread bulk = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                int from = (i * size) % corpus.size();
                try {
                    bulkTokens.addAndGet(h.embed(corpus.subList(from, Math.min(corpus.size(), from + size))));
                } catch (Exception ex) {
                    errors.incrementAndGet();
                }
                i++;
            }
        }, "soak-bulk");
        bulk.start();
        Stats q = concurrent(4, seconds, queries, t -> h.embed(List.of(t)));
        stop.set(true);
        bulk.join();
        return new Stats(q.latencies(), q.tokens() + bulkTokens.get(), q.seconds(), q.errors() + errors.get());
    }

    private double naiveBaseline(Path dir, NomicEmbedder e, List<String> corpus) {
        // one forward per 32 texts in input order, every row padded to the batch's longest with the pad id and
        // run as real tokens: the cost of a forward pass that computes padding (mask or not)
        try (NomicEmbedder naive = NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu")
                .optThreads(num("threads")).optBatchSize(32).optMaxBatchTokens(1 << 20).build())) {
            long pad = e.info().config().padTokenId();
            long real = 0;
            long a = System.nanoTime();
            for (int i = 0; i < corpus.size(); i += 32) {
                List<Tokenized> batch = new ArrayList<>();
                int longest = 0;
                for (String t : corpus.subList(i, Math.min(corpus.size(), i + 32))) {
                    Tokenized tok = EngineTestAccess.tokenize(naive, t);
                    real += tok.length();
                    longest = Math.max(longest, tok.length());
                    batch.add(tok);
                }
                List<Tokenized> padded = new ArrayList<>();
                for (Tokenized tok : batch) {
                    long[] ids = Arrays.copyOf(tok.ids(), longest);
                    Arrays.fill(ids, tok.length(), longest, pad);
                    padded.add(new Tokenized(ids, false));
                }
                EngineTestAccess.pooled(naive, padded, ForwardTrace.NONE);
            }
            return real / ((System.nanoTime() - a) / 1e9);
        }
    }

    /**
     * The same bulk corpus from two caller threads into a scheduler with two workers of one intra-op thread
     * each (the alternative to the default one worker with two intra-op threads), and single queries there.
     */
    private void workers(Path dir, List<String> corpus, double bound, Stats oneWorker, List<String> queries)
            throws Exception {
        try (NomicEmbedder one = NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu").optThreads(1)
                .optScheduler(SchedulerOptions.builder().optWorkers(2).optThreadsPerWorker(1).build()).build())) {
            long[] tokens = new long[2];
            Thread[] ts = new Thread[2];
            for (int w = 0; w < 2; w++) {
                int id = w;
                List<String> half = new ArrayList<>();
                for (int i = id; i < corpus.size(); i += 2) {
                    half.add(corpus.get(i));
                }
                ts[w] = new Thread(() -> {
                    one.embed(half.subList(0, Math.min(8, half.size())), EmbeddingTask.NONE); // warm this thread
                    tokens[id] = -1;
                }, "warm-" + w);
            }
            for (Thread t : ts) {
                t.start();
            }
            for (Thread t : ts) {
                t.join();
            }
            double cpu0 = cpuSeconds(self);
            long a = System.nanoTime();
            for (int w = 0; w < 2; w++) {
                int id = w;
                List<String> half = new ArrayList<>();
                for (int i = id; i < corpus.size(); i += 2) {
                    half.add(corpus.get(i));
                }
                ts[w] = new Thread(() -> tokens[id] = sum(one.embed(half, EmbeddingTask.NONE).tokenCounts()), "w-" + w);
                ts[w].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            double tps = (tokens[0] + tokens[1]) / ((System.nanoTime() - a) / 1e9);
            cpuRow("bulk_2workers_1thread", "engine", 0, tokens[0] + tokens[1], cpuSeconds(self) - cpu0);
            record("bulk_2workers_1thread", "engine", 0, tps, "tok/s", tps / bound, String.format(Locale.ROOT,
                    "%.2fx one worker with 2 threads; load %s", tps / oneWorker.tokensPerSecond(), load()));
            Stats[] single = new Stats[1];
            Thread q = new Thread(() -> {
                try {
                    single[0] = sequentialQueries(t -> one.embed(List.of(t), EmbeddingTask.NONE).tokenCounts()[0],
                            queries, num("query-reps"));
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            q.start();
            q.join();
            record("single_p50_1thread", "engine", 1, single[0].p(50), "ms", Double.NaN, "one intra-op thread");
            record("single_p99_1thread", "engine", 1, single[0].p(99), "ms", Double.NaN, "");
        }
    }

    private void paddedFractions(int[] lengths, EmbedderOptions o) {
        long real = Arrays.stream(lengths).sum();
        long planned = 0;
        for (int[] b : new BatchPlanner(o.batchSize(), o.maxBatchTokens()).plan(lengths)) {
            int longest = 0;
            for (int i : b) {
                longest = Math.max(longest, lengths[i]);
            }
            planned += (long) longest * b.length;
        }
        long naive = 0;
        for (int i = 0; i < lengths.length; i += 32) {
            int longest = 0;
            for (int j = i; j < Math.min(lengths.length, i + 32); j++) {
                longest = Math.max(longest, lengths[j]);
            }
            naive += (long) longest * (Math.min(lengths.length, i + 32) - i);
        }
        record("padded_fraction", "engine", 0, 0, "", Double.NaN, String.format(Locale.ROOT,
                "token-wise ops run packed (0 %%); sorted plan would pad %.1f %% (rows x longest); naive baseline %.1f %%",
                100.0 * (planned - real) / planned, 100.0 * (naive - real) / naive));
        record("padded_fraction_naive", "engine", 0, (double) (naive - real) / naive, "", Double.NaN, "");
    }

    private void callerRows(String path, int callers, Stats s, double bound) {
        record("callers_tokens_per_s", path, callers, s.tokensPerSecond(), "tok/s", s.tokensPerSecond() / bound,
                s.count() + " queries, load " + load());
        record("callers_p50", path, callers, s.p(50), "ms", Double.NaN, "");
        record("callers_p99", path, callers, s.p(99), "ms", Double.NaN, "");
        record("callers_errors", path, callers, s.errors(), "", Double.NaN, "");
    }

    // ---------------------------------------------------------------- inputs and limits

    /** Seeded texts whose token counts are log-uniform in {@code [min, max]} (task NONE: no prefix). */
    static List<String> corpus(NomicEmbedder e, int n, int min, int max, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int target = (int) Math.round(Math.exp(Math.log(min) + rnd.nextDouble() * (Math.log(max) - Math.log(min))));
            List<String> words = new ArrayList<>();
            for (int w = 0; w < target * 2 + 8; w++) {
                words.add(WORDS[rnd.nextInt(WORDS.length)]);
            }
            int lo = 1;
            int hi = words.size();
            while (lo < hi) { // fewest words reaching the target length
                int mid = (lo + hi) >>> 1;
                String prefix = String.join(" ", words.subList(0, mid));
                if (e.countTokens(prefix, EmbeddingTask.NONE.promptName()).untruncated() >= target) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            out.add(String.join(" ", words.subList(0, lo)));
        }
        return out;
    }

    /** Forward FLOPs of texts of the given lengths: linear layers per token plus QKᵀ and PV per row. */
    static double flops(NomicBertConfig c, int[] lengths) {
        double h = c.hiddenSize();
        double f = c.intermediateSize();
        double perToken = 0;
        for (int i = 0; i < c.numLayers(); i++) {
            perToken += 2 * h * 3 * h + 2 * h * h;
            perToken += c.isMoeLayer(i) ? c.topK() * 4 * h * f + 2 * h * c.numExperts() : 4 * h * f;
        }
        double total = 0;
        for (int l : lengths) {
            total += l * perToken + c.numLayers() * 4.0 * h * l * l;
        }
        return total;
    }

    /** Bytes of every weight a short query reads (all experts hit, a few embedding rows). */
    static double queryWeightBytes(NomicBertConfig c) {
        double h = c.hiddenSize();
        double f = c.intermediateSize();
        double params = 0;
        for (int i = 0; i < c.numLayers(); i++) {
            params += 3 * h * h + 3 * h + h * h + h + 4 * h;
            params += c.isMoeLayer(i) ? c.numExperts() * (2 * f * h + h) + h : 2 * f * h + f + h;
        }
        return params * 4;
    }

    /** Read bandwidth of libtorch's sum over a 512 MB fp32 array (best of 5). */
    static double bandwidthGBs() {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            NDArray x = m.ones(new Shape(128L << 20));
            x.sum().close();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long a = System.nanoTime();
                x.sum().close();
                best = Math.min(best, (System.nanoTime() - a) / 1e9);
            }
            return (512.0 * (1 << 20)) / best / 1e9;
        }
    }

    // ---------------------------------------------------------------- RSS, output

    private void sampleRss(String process, long pid) {
        double mb = rssAnonMb(pid);
        if (!Double.isNaN(mb)) {
            rss.add(String.format(Locale.ROOT, "%.2f,%s,%s,%.1f", (System.nanoTime() - t0) / 1e9, process, phase.replace(',', ';'), mb));
        }
    }

    private double maxRss(String process, String ofPhase) {
        synchronized (rss) {
            return rss.stream().map(l -> l.split(",")).filter(p -> p[1].equals(process) && p[2].equals(ofPhase))
                    .mapToDouble(p -> Double.parseDouble(p[3])).max().orElse(Double.NaN);
        }
    }

    private double currentRss(String process) {
        synchronized (rss) {
            for (int i = rss.size() - 1; i >= 0; i--) {
                String[] p = rss.get(i).split(",");
                if (p[1].equals(process)) {
                    return Double.parseDouble(p[3]);
                }
            }
        }
        return Double.NaN;
    }

    static double rssAnonMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("RssAnon:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (Exception ignored) {
            // process gone or not Linux
        }
        return Double.NaN;
    }

    /**
     * Load-robust companion of a throughput row: tokens per CPU-second the process got, times the cores, and
     * its ratio to the GEMM bound computed the same way. On a shared machine wall-clock rates follow the other
     * tenants; this one mostly does not (spinning OpenMP threads still count as busy).
     */
    private void cpuRow(String metric, String path, int callers, double tokens, double cpuSecs) {
        double v = tokens / cpuSecs * cores;
        record(metric + "_cpu", path, callers, v, "tok/s", v / cpuBound, "per CPU-second x " + cores + " cores");
    }

    /** User + system CPU seconds of process {@code pid} so far (Linux /proc; clock ticks of 10 ms). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    static String load() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return p[0] + "/" + p[1];
        } catch (IOException e) {
            return "?";
        }
    }

    private static long sum(int[] a) {
        long s = 0;
        for (int v : a) {
            s += v;
        }
        return s;
    }

    private void record(String metric, String path, int callers, double value, String unit, double ratio, String note) {
        rows.add(new String[] {metric, path, Integer.toString(callers), String.format(Locale.ROOT, "%.3f", value), unit,
                Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.3f", ratio), note});
        System.out.printf(Locale.ROOT, "%-26s %-6s %4s %12.2f %-8s %8s  %s%n", metric, path, callers == 0 ? "" : callers,
                value, unit, Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio), note);
    }

    private void write(Path out, double bound, double floorMs) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("results.csv")))) {
            w.println("metric,path,callers,value,unit,ratio,note");
            for (String[] r : rows) {
                w.println(String.join(",", Arrays.copyOf(r, 6)) + ",\"" + r[6].replace("\"", "'") + "\"");
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("rss.csv")))) {
            w.println("t_s,process,phase,rss_anon_mb");
            synchronized (rss) {
                rss.forEach(w::println);
            }
        }
        System.out.println("\n== summary (ratio column: tok/s over the GEMM bound, or latency over the weight floor)");
        System.out.printf("%-26s %-6s %4s %12s %-8s %8s%n", "metric", "path", "c", "value", "unit", "ratio");
        for (String[] r : rows) {
            System.out.printf("%-26s %-6s %4s %12s %-8s %8s%n", r[0], r[1], r[2].equals("0") ? "" : r[2], r[3], r[4], r[5]);
        }
        plots(out, bound, floorMs);
        System.out.println("wrote " + out.toAbsolutePath() + "/{results.csv,rss.csv,*.png}");
    }

    private double value(String metric, String path, int callers) {
        for (String[] r : rows) {
            if (r[0].equals(metric) && r[1].equals(path) && Integer.parseInt(r[2]) == callers) {
                return Double.parseDouble(r[3]);
            }
        }
        return Double.NaN;
    }

    private void plots(Path out, double bound, double floorMs) throws IOException {
        List<Integer> callers = Arrays.stream(opts.get("callers").split(",")).map(s -> Integer.parseInt(s.trim())).toList();
        List<String> paths = rows.stream().map(r -> r[1]).distinct().toList();

        XYChart tput = new XYChartBuilder().width(800).height(500).title("Single-query callers: aggregate real tokens/s")
                .xAxisTitle("concurrent callers").yAxisTitle("tokens/s").build();
        tput.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideNW);
        double[] xs = callers.stream().mapToDouble(Integer::doubleValue).toArray();
        for (String p : paths) {
            double[] ys = callers.stream().mapToDouble(c -> value("callers_tokens_per_s", p, c)).toArray();
            if (Arrays.stream(ys).noneMatch(Double::isNaN)) {
                tput.addSeries(p, xs, ys);
            }
        }
        tput.addSeries("GEMM bound", xs, callers.stream().mapToDouble(c -> bound).toArray());
        tput.addSeries("70 % of bound", xs, callers.stream().mapToDouble(c -> 0.7 * bound).toArray());
        BitmapEncoder.saveBitmap(tput, out.resolve("throughput_vs_callers.png").toString(), BitmapEncoder.BitmapFormat.PNG);

        List<String> cats = new ArrayList<>(List.of("single"));
        callers.forEach(c -> cats.add(c + " callers"));
        cats.add("during ingest");
        CategoryChart lat = new CategoryChartBuilder().width(900).height(500)
                .title(String.format(Locale.ROOT, "Query latency, log scale (weight-streaming floor %.0f ms)", floorMs))
                .xAxisTitle("").yAxisTitle("ms").build();
        lat.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Line);
        lat.getStyler().setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideNW); // lines: bars cannot be log
        for (String p : paths) {
            for (int pct : new int[] {50, 99}) {
                List<Double> ys = new ArrayList<>();
                ys.add(value("single_p" + pct, p, 1));
                callers.forEach(c -> ys.add(value("callers_p" + pct, p, c)));
                ys.add(value("during_ingest_p" + pct, p, 1));
                if (ys.stream().noneMatch(d -> d.isNaN())) {
                    lat.addSeries(p + " p" + pct, cats, ys);
                }
            }
        }
        if (!lat.getSeriesMap().isEmpty()) {
            BitmapEncoder.saveBitmap(lat, out.resolve("latency_percentiles.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        }

        CategoryChart bulk = new CategoryChartBuilder().width(800).height(500)
                .title("Bulk mixed-length corpus: tokens/s").yAxisTitle("tokens/s").build();
        bulk.getStyler().setLegendVisible(false);
        List<String> names = new ArrayList<>(List.of("GEMM bound", "85 % of bound"));
        List<Double> vals = new ArrayList<>(List.of(bound, 0.85 * bound));
        for (String[] kv : new String[][] {{"bulk", "engine"}, {"bulk", "http"}, {"bulk", "http-blas-off"},
                {"bulk_baseline", "engine"}}) {
            double v = value(kv[0], kv[1], 0);
            if (!Double.isNaN(v)) {
                names.add(kv[0].equals("bulk") ? kv[1] : "naive baseline");
                vals.add(v);
            }
        }
        bulk.addSeries("tokens/s", names, vals);
        BitmapEncoder.saveBitmap(bulk, out.resolve("bulk_vs_bound.png").toString(), BitmapEncoder.BitmapFormat.PNG);

        XYChart mem = new XYChartBuilder().width(800).height(400).title("RssAnon (without the mapped weights)")
                .xAxisTitle("s since start").yAxisTitle("MB").build();
        for (String proc : List.of("engine", "server")) {
            List<String[]> pts;
            synchronized (rss) {
                pts = rss.stream().map(l -> l.split(",")).filter(p -> p[1].equals(proc)).toList();
            }
            if (!pts.isEmpty()) {
                mem.addSeries(proc.equals("engine") ? "benchmark JVM (engine)" : "sample app",
                        pts.stream().mapToDouble(p -> Double.parseDouble(p[0])).toArray(),
                        pts.stream().mapToDouble(p -> Double.parseDouble(p[3])).toArray()).setMarker(
                        org.knowm.xchart.style.markers.SeriesMarkers.NONE);
            }
        }
        BitmapEncoder.saveBitmap(mem, out.resolve("rss.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
