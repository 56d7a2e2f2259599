package io.github.nomicembed.modelcache;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes, rates and durations for progress output (decimal units, like the Hub's web pages). */
public final class ByteFormat {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

    private ByteFormat() {
    }

    /** @return e.g. {@code 1.9 GB}, {@code 812.3 MB}, {@code 512 B} */
    public static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** @return e.g. {@code 23.4 MB/s} */
    public static String rate(double bytesPerSecond) {
        return bytes((long) bytesPerSecond) + "/s";
    }

    /** @return e.g. {@code 250ms}, {@code 47s}, {@code 3m05s}, {@code 1h02m} */
    public static String duration(Duration duration) {
        if (duration.toMillis() < 1000) {
            return Math.max(0, duration.toMillis()) + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
