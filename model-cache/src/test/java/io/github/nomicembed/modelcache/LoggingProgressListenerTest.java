package io.github.nomicembed.modelcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

class LoggingProgressListenerTest {

    private static final long GB = 1_900_000_000L;

    private final CapturingLogger log = new CapturingLogger();
    private final AtomicLong clock = new AtomicLong();
    private final LoggingProgressListener listener =
            new LoggingProgressListener(log, Duration.ofSeconds(5), clock::get);

    @Test
    void logsStartThrottledProgressWithRateAndEtaThenCompletion() {
        listener.onStart(progress(0, 0, 0));
        for (int second = 1; second <= 12; second++) {
            clock.set(Duration.ofSeconds(second).toNanos());
            listener.onProgress(progress(second * 20_000_000L, 0, second)); // 20 MB/s
        }
        listener.onComplete(progress(GB, 0, 95));

        assertThat(log.lines).containsExactly(
                "INFO Downloading nomic-ai/nomic-embed-text-v2-moe/model.safetensors (1.9 GB)",
                "INFO model.safetensors: 5.3% of 1.9 GB, 20.0 MB/s, ETA 1m30s",
                "INFO model.safetensors: 10.5% of 1.9 GB, 20.0 MB/s, ETA 1m25s",
                "INFO Downloaded model.safetensors (1.9 GB) in 1m35s, 20.0 MB/s, checksum verified");
    }

    @Test
    void resumedDownloadSaysSoAndRateCountsOnlyNewBytes() {
        listener.onStart(progress(1_000_000_000L, 1_000_000_000L, 0));
        clock.set(Duration.ofSeconds(10).toNanos());
        listener.onProgress(progress(1_100_000_000L, 1_000_000_000L, 10));

        assertThat(log.lines.get(0)).endsWith("(1.9 GB), resuming at 1.0 GB");
        assertThat(log.lines.get(1)).contains("57.9%", "10.0 MB/s", "ETA 1m20s");
    }

    @Test
    void smallFilesAreLoggedAtDebugOnly() {
        listener.onStart(new DownloadProgress("org/m", "config.json", 0, 1200, 0, Duration.ZERO));
        listener.onComplete(new DownloadProgress("org/m", "config.json", 1200, 1200, 0, Duration.ofMillis(3)));

        assertThat(log.lines).isEmpty();
    }

    @Test
    void retriesAreWarnings() {
        listener.onRetry(progress(800_000_000L, 0, 40), 1, Duration.ofSeconds(2), "IOException: reset");

        assertThat(log.lines).containsExactly("WARN Download of nomic-ai/nomic-embed-text-v2-moe/model.safetensors "
                + "interrupted at 800.0 MB (IOException: reset); attempt 1 failed, resuming in 2s");
    }

    private static DownloadProgress progress(long done, long resumedFrom, long seconds) {
        return new DownloadProgress("nomic-ai/nomic-embed-text-v2-moe", "model.safetensors", done, GB, resumedFrom,
                Duration.ofSeconds(seconds));
    }

    /** INFO and above, formatted. */
    static final class CapturingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable t) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args));
        }

        @Override
        public String getName() {
            return "capture";
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
