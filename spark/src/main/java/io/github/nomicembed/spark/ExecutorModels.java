package io.github.nomicembed.spark;

import io.github.nomicembed.core.NomicEmbedder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded models of this executor JVM, one per {@link EmbedderSpec}, shared by all tasks that run here.
 *
 * <p><b>Why static mutable state</b> (the one exception to the house rule): Spark deserializes a fresh copy of
 * the transformer's function for every task, and offers no per-executor object with a lifecycle. Loading the
 * model per task would cost seconds and about 2 GB each time; holding it in the function would load it once per
 * task too. So the model lives here, keyed by its spec, reference-counted by the tasks using it; an unused model
 * stays loaded for the next task (the usual case: one partition after another) and is closed when the JVM shuts
 * down, or earlier by {@link #closeIdle()}.
 */
public final class ExecutorModels {

    private static final Logger log = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<EmbedderSpec, Entry> MODELS = new ConcurrentHashMap<>();
    private static final AtomicLong LOADS = new AtomicLong();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "nomic-embed-models-shutdown"));
    }

    private ExecutorModels() {
    }

    /** The model for {@code spec}, loaded on first use; close the lease when the task is done with it. */
    public static Lease acquire(EmbedderSpec spec) {
        while (true) {
            Entry entry = MODELS.computeIfAbsent(spec, Entry::new);
            NomicEmbedder embedder = entry.acquire();
            if (embedder != null) {
                return new Lease(entry, embedder);
            }
            MODELS.remove(spec, entry); // closed by closeIdle() meanwhile: take a fresh entry
        }
    }

    /** Closes the models no task holds now; returns how many. */
    public static int closeIdle() {
        int closed = 0;
        for (Map.Entry<EmbedderSpec, Entry> e : MODELS.entrySet()) {
            if (e.getValue().closeIfIdle()) {
                MODELS.remove(e.getKey(), e.getValue());
                closed++;
            }
        }
        return closed;
    }

    /** Models loaded in this JVM since it started (a model closed and loaded again counts twice). */
    public static long loads() {
        return LOADS.get();
    }

    /** Models loaded now. */
    public static int loaded() {
        return (int) MODELS.values().stream().filter(Entry::isLoaded).count();
    }

    private static void closeAll() {
        MODELS.values().forEach(Entry::closeNow);
        MODELS.clear();
    }

    /** One model: loaded by the first task that needs it, counted while tasks use it. */
    private static final class Entry {
        private final EmbedderSpec spec;
        private NomicEmbedder embedder;
        private int leases;
        private boolean closed;

        Entry(EmbedderSpec spec) {
            this.spec = spec;
        }

        synchronized NomicEmbedder acquire() {
            if (closed) {
                return null;
            }
            if (embedder == null) {
                long t0 = System.nanoTime();
                embedder = NomicEmbedder.load(spec.source().resolve(), spec.toOptions());
                LOADS.incrementAndGet();
                log.info("Loaded {} for Spark tasks in {} ms: {}", spec.source().describe(),
                        (System.nanoTime() - t0) / 1_000_000, embedder);
            }
            leases++;
            return embedder;
        }

        synchronized void release() {
            leases--;
        }

        synchronized boolean closeIfIdle() {
            if (leases > 0 || closed) {
                return false;
            }
            closeNow();
            return true;
        }

        synchronized boolean isLoaded() {
            return embedder != null && !closed;
        }

        synchronized void closeNow() {
            closed = true;
            if (embedder != null) {
                embedder.close();
                embedder = null;
            }
        }
    }

    /** A task's use of a model; closing it (once) gives the model back, which stays loaded. */
    public static final class Lease implements AutoCloseable {
        private final Entry entry;
        private final NomicEmbedder embedder;
        private boolean released;

        private Lease(Entry entry, NomicEmbedder embedder) {
            this.entry = entry;
            this.embedder = embedder;
        }

        /** The shared model; do not close it. */
        public NomicEmbedder embedder() {
            return embedder;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                entry.release();
            }
        }
    }
}
