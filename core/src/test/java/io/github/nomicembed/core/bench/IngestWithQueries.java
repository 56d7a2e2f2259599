package io.github.nomicembed.core.bench;

import io.github.nomicembed.core.bench.Benchmark.Call;
import io.github.nomicembed.core.bench.Benchmark.Stats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An ingest (the corpus posted in requests of {@code requestSize} texts, one after another, by one client)
 * measured alone and then with one query client beside it that sends a single query, waits for the answer,
 * then waits {@code intervalMs} before the next, as an application that ingests while it serves.
 */
final class IngestWithQueries {

    /** Sends one request of texts; returns its tokens. */
    interface Ingest {
        long run(List<String> texts) throws Exception;
    }

    /** What one run gave: the ingest's rate alone and beside the queries, and the queries' latencies. */
    record Result(double aloneTokensPerSecond, double withQueriesTokensPerSecond, Stats queries) {

        double keptShare() {
            return withQueriesTokensPerSecond / aloneTokensPerSecond;
        }

        double max() {
            return queries.latencies().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    private final List<String> corpus;
    private final int requestSize;
    private final long intervalMs;

    IngestWithQueries(List<String> corpus, int requestSize, long intervalMs) {
        this.corpus = corpus;
        this.requestSize = requestSize;
        this.intervalMs = intervalMs;
    }

    Result run(Ingest ingest, Call query, List<String> queries) throws Exception {
        double alone = ingestRate(ingest, new AtomicBoolean());
        AtomicBoolean done = new AtomicBoolean();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] tokens = {0};
        Thread client = new Thread(() -> {
            int i = 0;
            try {
                while (!done.get()) {
                    long s = System.nanoTime();
                    tokens[0] += query.run(queries.get(i++ % queries.size()));
                    latencies.add((System.nanoTime() - s) / 1e6);
                    Thread.sleep(intervalMs);
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }, "query-client");
        long a = System.nanoTime();
        client.start();
        double with = ingestRate(ingest, done);
        client.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Result(alone, with, new Stats(new ArrayList<>(latencies), tokens[0], (System.nanoTime() - a) / 1e9, 0));
    }

    private double ingestRate(Ingest ingest, AtomicBoolean done) throws Exception {
        long tokens = 0;
        long a = System.nanoTime();
        try {
            for (int i = 0; i < corpus.size(); i += requestSize) {
                tokens += ingest.run(corpus.subList(i, Math.min(corpus.size(), i + requestSize)));
            }
        } finally {
            done.set(true);
        }
        return tokens / ((System.nanoTime() - a) / 1e9);
    }
}
