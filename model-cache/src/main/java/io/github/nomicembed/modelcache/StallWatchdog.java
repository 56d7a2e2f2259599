package io.github.nomicembed.modelcache;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response stream that delivered no byte for {@code timeout}: {@link java.net.http.HttpClient} has no read
 * timeout for bodies, and a silently dead connection would otherwise block a download forever.
 */
final class StallWatchdog implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-cache-stall-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Closeable stream;
    private final long timeoutNanos;
    private final ScheduledFuture<?> task;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean stalled;

    private StallWatchdog(Closeable stream, Duration timeout) {
        this.stream = stream;
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(10, timeout.toMillis() / 4);
        this.task = TIMER.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    static StallWatchdog watch(Closeable stream, Duration timeout) {
        return new StallWatchdog(stream, timeout);
    }

    /** Bytes arrived. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    /** @return whether the stream was closed for lack of data */
    boolean stalled() {
        return stalled;
    }

    private void check() {
        if (!stalled && System.nanoTime() - lastActivity > timeoutNanos) {
            stalled = true;
            task.cancel(false);
            try {
                stream.close();
            } catch (IOException ignored) {
                // the reader sees the closed stream either way
            }
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
