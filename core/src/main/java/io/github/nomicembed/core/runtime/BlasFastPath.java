package io.github.nomicembed.core.runtime;

import java.util.Locale;

/**
 * Whether MKL (inside libtorch) is made to run its full-speed kernels on non-Intel x86-64 CPUs; see
 * {@link MklFastPath}.
 */
public enum BlasFastPath {

    /** On for AMD (and other non-Intel) x86-64 CPUs on Linux, off elsewhere. The default. */
    AUTO,
    /** On wherever it can apply (Linux x86-64 with the library packaged), Intel CPUs included (no effect there). */
    ON,
    /** MKL left alone: its own CPU vendor check decides. */
    OFF;

    /** Parses {@code auto|on|off} (case-insensitive; {@code true}/{@code false} are accepted for on/off). */
    public static BlasFastPath parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "auto" -> AUTO;
            case "on", "true" -> ON;
            case "off", "false" -> OFF;
            default -> throw new IllegalArgumentException("Unknown blas-fast-path '" + value
                    + "'; allowed: auto, on, off");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
