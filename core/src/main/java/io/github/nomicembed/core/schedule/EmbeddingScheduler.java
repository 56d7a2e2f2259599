package io.github.nomicembed.core.schedule;

import io.github.nomicembed.core.model.YieldPoint;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException.Reason;
import io.github.nomicembed.core.schedule.PendingRequest.Piece;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the tokenized texts of concurrent callers into shared forward passes.
 *
 * <p>Callers' texts go into one bounded queue; worker threads (long-lived, so libtorch keeps its per-thread
 * state warm) take texts of several callers up to the token budget per forward pass and run them. An idle
 * worker starts at once (unless {@code maxWait} is set): what arrives during a forward pass is what gets
 * batched. How the queue is cut into passes (round-robin pieces of bulk requests, fresh requests first) is
 * {@link RequestQueue}'s. A small call ({@link SchedulerOptions#smallRequestTokens()}) that arrives while a
 * larger pass runs does not wait for it: the pass stops at its next yield point (between and inside encoder
 * layers, see {@link YieldPoint}), the waiting small calls run as one pass of their own on the same worker, and
 * the large pass resumes where it stopped, so a query during an ingest waits tens of milliseconds, not seconds,
 * and the ingest always progresses.
 *
 * <p>Each caller gets exactly the vectors it would get alone (rows are independent in the forward pass, and a
 * pass that yields resumes unchanged) and only its own errors: a failed mixed pass is re-run per request. A
 * caller that times out, is interrupted or cancels its future has its queued texts dropped. Full queue →
 * {@link EmbeddingRejectedException}.
 *
 * <pre>{@code
 * try (EmbeddingScheduler scheduler = new EmbeddingScheduler((texts, yield) -> runner.run(texts, ForwardTrace.NONE,
 *         yield), SchedulerOptions.defaults(), 32, 8192, EmbedderListener.NONE, () -> { })) {
 *     float[][] pooled = scheduler.run(tokenized);                // blocks; vectors in input order
 * }
 * }</pre>
 */
public final class EmbeddingScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingScheduler.class);

    /** Runs tokenized texts through the model and returns their pooled vectors in input order. */
    @FunctionalInterface
    public interface Forward {

        /** The pooled vectors of {@code texts}; the passes call {@code yield} where other work may run. */
        float[][] run(List<Tokenized> texts, YieldPoint yield);

        /** Runs on the worker after a pass's vectors were handed to its callers (e.g. to return freed memory). */
        default void afterPass() {
        }
    }

    private final Forward forward;
    private final SchedulerOptions options;
    private final int batchSize;
    private final int maxBatchTokens;
    private final EmbedderListener listener;
    private final Runnable workerSetup;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final RequestQueue queue;
    private final List<Thread> workers = new ArrayList<>();
    private final YieldPoint yieldToSmall = this::runSmallNow;
    /** Mirrors {@code queue.smallWaiting() > 0} for the lock-free check at every yield point. */
    private volatile boolean smallWaiting;
    private boolean accepting = true;

    /**
     * Starts the workers.
     *
     * @param forward what a worker runs on the texts of one pass
     * @param options queue bounds, workers, timeouts
     * @param batchSize most texts per pass
     * @param maxBatchTokens token budget per pass (a text longer than the budget runs alone)
     * @param listener metrics observer
     * @param workerSetup runs once on each worker thread before its first pass (e.g. libtorch thread count)
     */
    public EmbeddingScheduler(Forward forward, SchedulerOptions options, int batchSize, int maxBatchTokens,
            EmbedderListener listener, Runnable workerSetup) {
        this.forward = forward;
        this.options = options;
        this.batchSize = batchSize;
        this.maxBatchTokens = maxBatchTokens;
        this.listener = listener;
        this.workerSetup = workerSetup;
        this.queue = new RequestQueue(batchSize, maxBatchTokens, options.smallRequestTokens(), listener);
        for (int i = 0; i < options.workers(); i++) {
            Thread t = new Thread(this::workLoop, "nomic-embed-worker-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Embeds {@code texts} together with other callers' texts and waits for the pooled vectors (input order),
     * at most {@code requestTimeout}.
     *
     * @throws EmbeddingRejectedException when the queue is full, the wait runs out or is interrupted, or the
     *     scheduler is closing
     */
    public float[][] run(List<Tokenized> texts) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        try {
            return PendingResults.await(submit(texts), options.requestTimeout(), "the request timeout", true);
        } catch (EmbeddingRejectedException e) {
            if (e.reason() == Reason.TIMED_OUT || e.reason() == Reason.INTERRUPTED) {
                listener.onRejected(e.reason());
            }
            throw e;
        }
    }

    /**
     * Queues {@code texts} and returns a future of their pooled vectors (input order). Cancelling the future
     * drops the texts not yet in a forward pass.
     *
     * @throws EmbeddingRejectedException when the queue is full or the scheduler is closing
     */
    public CompletableFuture<float[][]> submit(List<Tokenized> texts) {
        PendingRequest r = new PendingRequest(List.copyOf(texts), System.nanoTime());
        if (texts.isEmpty()) {
            r.future().complete(new float[0][]);
            return r.future();
        }
        lock.lock();
        try {
            if (!accepting) {
                throw reject(Reason.SHUT_DOWN, "the embedder is shutting down and takes no more calls");
            }
            int queuedTexts = queue.texts();
            long queuedTokens = queue.tokens();
            if (queuedTexts > 0 && queuedTexts + r.size() > options.maxQueuedTexts()) {
                throw reject(Reason.QUEUE_FULL_TEXTS, "queue full: " + queuedTexts + " texts queued, this call has "
                        + r.size() + ", the bound is " + options.maxQueuedTexts() + " (max-queued-texts)");
            }
            if (queuedTokens > 0 && queuedTokens + r.tokensLeft() > options.maxQueuedTokens()) {
                throw reject(Reason.QUEUE_FULL_TOKENS, "queue full: " + queuedTokens + " tokens queued, this call has "
                        + r.tokensLeft() + ", the bound is " + options.maxQueuedTokens() + " (max-queued-tokens)");
            }
            queue.add(r);
            smallWaiting = queue.smallWaiting() > 0;
            workAvailable.signal();
        } finally {
            lock.unlock();
        }
        r.future().whenComplete((v, e) -> {
            if (r.future().isCancelled()) {
                drop(r);
            }
        });
        return r.future();
    }

    /** Texts waiting for a forward pass. */
    public int queuedTexts() {
        lock.lock();
        try {
            return queue.texts();
        } finally {
            lock.unlock();
        }
    }

    /** Tokens of the texts waiting for a forward pass. */
    public long queuedTokens() {
        lock.lock();
        try {
            return queue.tokens();
        } finally {
            lock.unlock();
        }
    }

    /** The settings. */
    public SchedulerOptions options() {
        return options;
    }

    private void workLoop() {
        try {
            workerSetup.run();
        } catch (RuntimeException e) {
            log.warn("worker setup failed on {}; running with libtorch's defaults: {}", Thread.currentThread().getName(),
                    e.toString());
        }
        while (true) {
            List<Piece> pass;
            lock.lock();
            try {
                while (queue.isEmpty() && accepting) {
                    workAvailable.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return; // closing and drained
                }
                linger();
                pass = queue.takeNext();
                smallWaiting = queue.smallWaiting() > 0;
            } finally {
                lock.unlock();
            }
            if (!pass.isEmpty()) {
                execute(pass, queue.yieldsTo(pass) ? yieldToSmall : YieldPoint.NONE);
                try {
                    forward.afterPass();
                } catch (RuntimeException e) {
                    log.debug("after-pass hook failed: {}", e.toString());
                }
            }
        }
    }

    /**
     * At a yield point of a large pass on this worker: runs the small requests waiting (if any) as one pass of
     * their own, which does not yield itself.
     */
    private void runSmallNow() {
        if (!smallWaiting) {
            return;
        }
        List<Piece> small;
        lock.lock();
        try {
            small = queue.takeSmall();
            smallWaiting = queue.smallWaiting() > 0;
        } finally {
            lock.unlock();
        }
        if (!small.isEmpty()) {
            listener.onPreemption(small.size(), tokens(small));
            execute(small, YieldPoint.NONE);
        }
    }

    private static long tokens(List<Piece> pass) {
        long n = 0;
        for (Piece p : pass) {
            n += p.text().length();
        }
        return n;
    }

    /** With {@code maxWait}, waits (lock held, released while waiting) for the budget to fill. */
    private void linger() {
        long left = options.maxWait().toNanos();
        while (left > 0 && accepting && queue.texts() < batchSize && queue.tokens() < maxBatchTokens) {
            try {
                left = workAvailable.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void execute(List<Piece> pass, YieldPoint yield) {
        try {
            deliver(pass, forward.run(texts(pass), yield));
        } catch (RuntimeException | Error e) { // a worker never dies: the pass's callers get the error
            listener.onForwardFailure(e);
            Map<PendingRequest, List<Piece>> byRequest = new LinkedHashMap<>();
            for (Piece p : pass) {
                byRequest.computeIfAbsent(p.request(), k -> new ArrayList<>()).add(p);
            }
            if (byRequest.size() == 1) {
                fail(pass.get(0).request(), e);
                return;
            }
            for (List<Piece> own : byRequest.values()) { // each caller gets only its own error
                try {
                    deliver(own, forward.run(texts(own), YieldPoint.NONE));
                } catch (RuntimeException | Error again) {
                    fail(own.get(0).request(), again);
                }
            }
        }
    }

    private static List<Tokenized> texts(List<Piece> pieces) {
        List<Tokenized> texts = new ArrayList<>(pieces.size());
        for (Piece p : pieces) {
            texts.add(p.text());
        }
        return texts;
    }

    private static void deliver(List<Piece> pieces, float[][] vectors) {
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            if (!p.request().future().isDone()) {
                p.request().deliver(p.index(), vectors[i]);
            }
        }
    }

    private void fail(PendingRequest r, Throwable error) {
        drop(r);
        r.future().completeExceptionally(error);
    }

    /** Removes what is left of {@code r} from the queue. */
    private void drop(PendingRequest r) {
        lock.lock();
        try {
            queue.remove(r);
            smallWaiting = queue.smallWaiting() > 0;
            r.drain();
        } finally {
            lock.unlock();
        }
    }

    private EmbeddingRejectedException reject(Reason reason, String message) {
        listener.onRejected(reason);
        return new EmbeddingRejectedException(reason, message);
    }

    /** Same as {@link #shutdown(Duration)} with the configured grace. */
    @Override
    public void close() {
        shutdown(options.shutdownGrace());
    }

    /**
     * Stops taking calls, lets the workers finish queued work for up to {@code grace}, rejects what is still
     * queued then ({@link Reason#SHUT_DOWN}) and waits for the passes in flight. Idempotent.
     */
    public void shutdown(Duration grace) {
        lock.lock();
        try {
            accepting = false;
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        joinWorkers(deadline);
        List<PendingRequest> left;
        lock.lock();
        try {
            left = queue.clear();
            smallWaiting = false;
        } finally {
            lock.unlock();
        }
        for (PendingRequest r : left) {
            r.drain();
            r.future().completeExceptionally(reject(Reason.SHUT_DOWN,
                    "the embedder closed before this call's texts were run (shutdown grace " + grace.toMillis() + " ms)"));
        }
        joinWorkers(Long.MAX_VALUE);
    }

    private void joinWorkers(long deadlineNanos) {
        boolean interrupted = false;
        for (Thread t : workers) {
            while (t.isAlive()) {
                long left = deadlineNanos == Long.MAX_VALUE ? 0 : deadlineNanos - System.nanoTime();
                if (deadlineNanos != Long.MAX_VALUE && left <= 0) {
                    break;
                }
                try {
                    t.join(deadlineNanos == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
