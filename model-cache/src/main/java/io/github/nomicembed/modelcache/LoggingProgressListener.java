package io.github.nomicembed.modelcache;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs downloads through slf4j: one line when a file starts, then percent, MB/s and ETA at most once per
 * {@code interval}, then one line when it is verified. Files smaller than 10 MB are logged at DEBUG only.
 *
 * <pre>
 * Downloading nomic-ai/nomic-embed-text-v2-moe/model.safetensors (1.9 GB)
 * model.safetensors: 42.1% of 1.9 GB, 23.4 MB/s, ETA 47s
 * Downloaded model.safetensors (1.9 GB) in 1m21s, 23.5 MB/s, checksum verified
 * </pre>
 */
public final class LoggingProgressListener implements ProgressListener {

    static final long SMALL_FILE = 10_000_000L;

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    /** Logs to {@code io.github.nomicembed.modelcache.LoggingProgressListener} every 5 seconds. */
    public LoggingProgressListener() {
        this(Duration.ofSeconds(5));
    }

    /** @param interval minimum time between two progress lines of one file */
    public LoggingProgressListener(Duration interval) {
        this(LoggerFactory.getLogger(LoggingProgressListener.class), interval, System::nanoTime);
    }

    LoggingProgressListener(Logger log, Duration interval, LongSupplier nanoTime) {
        this.log = Objects.requireNonNull(log, "log");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative: " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public void onStart(DownloadProgress p) {
        lastLogged.put(key(p), nanoTime.getAsLong());
        if (!enabled(p)) {
            return;
        }
        String size = p.hasTotal() ? " (" + ByteFormat.bytes(p.totalBytes()) + ")" : "";
        String resume = p.resumedFrom() > 0 ? ", resuming at " + ByteFormat.bytes(p.resumedFrom()) : "";
        write(p, "Downloading {}/{}{}{}", p.modelId(), p.file(), size, resume);
    }

    @Override
    public void onProgress(DownloadProgress p) {
        long now = nanoTime.getAsLong();
        Long last = lastLogged.get(key(p));
        if (last != null && now - last < intervalNanos) {
            return;
        }
        lastLogged.put(key(p), now);
        if (!enabled(p)) {
            return;
        }
        String eta = p.eta().map(d -> ", ETA " + ByteFormat.duration(d)).orElse("");
        if (p.hasTotal()) {
            write(p, "{}: {}% of {}, {}{}", p.file(), String.format(Locale.ROOT, "%.1f", p.percent()),
                    ByteFormat.bytes(p.totalBytes()), ByteFormat.rate(p.bytesPerSecond()), eta);
        } else {
            write(p, "{}: {}, {}", p.file(), ByteFormat.bytes(p.bytesDone()), ByteFormat.rate(p.bytesPerSecond()));
        }
    }

    @Override
    public void onRetry(DownloadProgress p, int attempt, Duration wait, String reason) {
        log.warn("Download of {}/{} interrupted at {} ({}); attempt {} failed, resuming in {}", p.modelId(), p.file(),
                ByteFormat.bytes(p.bytesDone()), reason, attempt, ByteFormat.duration(wait));
    }

    @Override
    public void onComplete(DownloadProgress p) {
        lastLogged.remove(key(p));
        if (!enabled(p)) {
            return;
        }
        write(p, "Downloaded {} ({}) in {}, {}, checksum verified", p.file(), ByteFormat.bytes(p.bytesDone()),
                ByteFormat.duration(p.elapsed()), ByteFormat.rate(p.bytesPerSecond()));
    }

    private boolean enabled(DownloadProgress p) {
        return isLarge(p) ? log.isInfoEnabled() : log.isDebugEnabled();
    }

    private void write(DownloadProgress p, String format, Object... args) {
        if (isLarge(p)) {
            log.info(format, args);
        } else {
            log.debug(format, args);
        }
    }

    private static boolean isLarge(DownloadProgress p) {
        return p.totalBytes() < 0 || p.totalBytes() >= SMALL_FILE;
    }

    private static String key(DownloadProgress p) {
        return p.modelId() + '/' + p.file();
    }
}
