package io.github.nomicembed.modelcache;

import java.time.Duration;

/**
 * Receives download progress. Called on the downloading thread; {@link #onProgress} is called often (every few
 * dozen kilobytes), so implementations should throttle their output (see {@link LoggingProgressListener}) and
 * return quickly. Exceptions thrown by a listener are logged and ignored.
 */
public interface ProgressListener {

    /** A listener that does nothing. */
    ProgressListener NONE = new ProgressListener() {
    };

    /** A file's download begins ({@code progress.resumedFrom()} > 0 when an earlier partial download is resumed). */
    default void onStart(DownloadProgress progress) {
    }

    /** Bytes were received. */
    default void onProgress(DownloadProgress progress) {
    }

    /**
     * A transient error interrupted the transfer; it is resumed after {@code wait}.
     *
     * @param attempt the attempt that failed, starting at 1
     * @param reason  a one-line description of the error
     */
    default void onRetry(DownloadProgress progress, int attempt, Duration wait, String reason) {
    }

    /** The file is complete, verified and in the cache. */
    default void onComplete(DownloadProgress progress) {
    }
}
