package io.github.nomicembed.modelcache;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of one file's download.
 *
 * @param modelId      the repository, e.g. {@code nomic-ai/nomic-embed-text-v2-moe}
 * @param file         the file, e.g. {@code model.safetensors}
 * @param bytesDone    bytes of the file now on disk (including {@code resumedFrom})
 * @param totalBytes   size of the file, or -1 if the server did not announce it
 * @param resumedFrom  bytes already on disk when this download started (a resumed earlier attempt), else 0
 * @param elapsed      time since this download started
 */
public record DownloadProgress(
        String modelId, String file, long bytesDone, long totalBytes, long resumedFrom, Duration elapsed) {

    /** @return whether the total size is known */
    public boolean hasTotal() {
        return totalBytes >= 0;
    }

    /** @return completion in percent (0-100), or -1 if the total is unknown */
    public double percent() {
        if (!hasTotal()) {
            return -1;
        }
        return totalBytes == 0 ? 100.0 : Math.min(100.0, 100.0 * bytesDone / totalBytes);
    }

    /** @return average transfer rate of this download (bytes/s), excluding resumed bytes */
    public double bytesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : Math.max(0, bytesDone - resumedFrom) / seconds;
    }

    /** @return estimated time left, when the total and a rate are known */
    public Optional<Duration> eta() {
        double rate = bytesPerSecond();
        if (!hasTotal() || rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) (1000.0 * Math.max(0, totalBytes - bytesDone) / rate)));
    }
}
