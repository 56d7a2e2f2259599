package io.github.nomicembed.core.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives memory that libtorch has freed back to the operating system once it has piled up.
 *
 * <p>Every pass allocates activations of new sizes (packed token counts differ from pass to pass). glibc keeps
 * what is freed in its arenas, fragmented, so the resident size of the process grows far beyond what is live:
 * measured on the full-size model, 1.34 GB of RssAnon after 54 calls of mixed lengths, 0.18 GB after one
 * {@code malloc_trim(0)}. A trim costs a few milliseconds, which a 16-token query (tens of milliseconds) should
 * not pay after every pass, and a small pass frees next to nothing. So {@link #trimIfGrown()} trims only when
 * the process's anonymous resident memory ({@code /proc/self/statm}: resident minus file-backed, so the mapped
 * weights do not count) has grown by the threshold since the last trim: after large passes, rarely after small
 * ones. Only on Linux with glibc; elsewhere, or when switched off, it does nothing.
 */
public final class NativeMemory {

    private static final Logger log = LoggerFactory.getLogger(NativeMemory.class);
    private static final Path STATM = Path.of("/proc/self/statm");
    private static final long PAGE = 4096;

    /** Default growth of anonymous resident memory that triggers a trim: 32 MiB. */
    public static final long DEFAULT_TRIM_THRESHOLD = 32L << 20;

    private interface LibC extends Library {
        int malloc_trim(long pad);
    }

    private final LibC libc;
    private final long threshold;
    private long baseline = Long.MAX_VALUE;

    private NativeMemory(LibC libc, long threshold) {
        this.libc = libc;
        this.threshold = threshold;
    }

    /**
     * glibc's {@code malloc_trim} where available and {@code enabled}, else a no-op.
     *
     * @param threshold growth of anonymous resident memory since the last trim that {@link #trimIfGrown()}
     *     trims at; 0 trims after every pass
     */
    public static NativeMemory detect(boolean enabled, long threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("trim threshold must be >= 0 bytes, was " + threshold);
        }
        if (!enabled || !Platform.isLinux()) {
            return new NativeMemory(null, threshold);
        }
        try {
            return new NativeMemory(Native.load("c", LibC.class), threshold);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.debug("malloc_trim unavailable ({}); freed native memory stays with the allocator", e.toString());
            return new NativeMemory(null, threshold);
        }
    }

    /** Whether {@link #trim()} does anything here. */
    public boolean enabled() {
        return libc != null;
    }

    /** Returns freed heap memory to the operating system ({@code malloc_trim(0)}) now. */
    public synchronized void trim() {
        if (libc != null) {
            try {
                libc.malloc_trim(0);
            } catch (UnsatisfiedLinkError e) { // musl and other libcs have no malloc_trim
                log.debug("malloc_trim failed: {}", e.toString());
            }
            baseline = anonResident();
        }
    }

    /**
     * Trims when anonymous resident memory grew by at least the threshold since the last trim (measured from its
     * lowest point since then); returns whether it trimmed.
     */
    public synchronized boolean trimIfGrown() {
        if (libc == null) {
            return false;
        }
        long now = anonResident();
        if (now < 0 || threshold == 0) {
            trim();
            return true;
        }
        baseline = Math.min(baseline, now);
        if (now - baseline < threshold) {
            return false;
        }
        trim();
        return true;
    }

    /** Resident minus file-backed and shared memory in bytes ({@code /proc/self/statm}), or -1 if unreadable. */
    static long anonResident() {
        try {
            String[] f = new String(Files.readAllBytes(STATM), StandardCharsets.US_ASCII).trim().split(" ");
            return (Long.parseLong(f[1]) - Long.parseLong(f[2])) * PAGE;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
