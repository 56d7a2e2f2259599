package io.github.nomicembed.modelcache;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns byte counts of one file's download into {@link ProgressListener} calls, shielding us from listener bugs. */
final class ProgressTracker {

    private static final Logger log = LoggerFactory.getLogger(ProgressTracker.class);

    private final HubFile file;
    private final long total;
    private final long resumedFrom;
    private final ProgressListener listener;
    private final long startNanos = System.nanoTime();
    private volatile long position;

    ProgressTracker(HubFile file, long total, long resumedFrom, ProgressListener listener) {
        this.file = file;
        this.total = total;
        this.resumedFrom = resumedFrom;
        this.position = resumedFrom;
        this.listener = listener;
    }

    void start() {
        notify(listener -> listener.onStart(snapshot()));
    }

    void progress(long bytesDone) {
        position = bytesDone;
        notify(listener -> listener.onProgress(snapshot()));
    }

    void retry(int attempt, Duration wait, String reason) {
        notify(listener -> listener.onRetry(snapshot(), attempt, wait, reason));
    }

    void complete() {
        notify(listener -> listener.onComplete(snapshot()));
    }

    DownloadProgress snapshot() {
        return new DownloadProgress(file.modelId(), file.file(), position, total,
                Math.min(resumedFrom, position), Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private void notify(java.util.function.Consumer<ProgressListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            log.warn("Progress listener {} failed: {}", listener.getClass().getName(), e.toString());
        }
    }
}
