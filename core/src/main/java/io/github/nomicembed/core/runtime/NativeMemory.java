package io.github.nomicembed.core.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives memory that libtorch has freed back to the operating system after a forward pass.
 *
 * <p>Every pass allocates activations of new sizes (packed token counts differ from pass to pass). glibc keeps
 * what is freed in its arenas, fragmented, so the resident size of the process grows far beyond what is live:
 * measured on the full-size model, 1.34 GB of RssAnon after 54 calls of mixed lengths, 0.18 GB after one
 * {@code malloc_trim(0)}. Trimming after each pass keeps the process near its working set at the cost of a
 * few milliseconds per pass. Only on Linux with glibc; elsewhere (or with {@code -Dnomic.embedding.malloc-trim=false})
 * it does nothing.
 */
public final class NativeMemory {

    private static final Logger log = LoggerFactory.getLogger(NativeMemory.class);

    private interface LibC extends Library {
        int malloc_trim(long pad);
    }

    private final LibC libc;

    private NativeMemory(LibC libc) {
        this.libc = libc;
    }

    /** glibc's {@code malloc_trim} where available and not switched off, else a no-op. */
    public static NativeMemory detect() {
        if (!Platform.isLinux() || "false".equalsIgnoreCase(System.getProperty("nomic.embedding.malloc-trim"))) {
            return new NativeMemory(null);
        }
        try {
            return new NativeMemory(Native.load("c", LibC.class));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.debug("malloc_trim unavailable ({}); freed native memory stays with the allocator", e.toString());
            return new NativeMemory(null);
        }
    }

    /** Whether {@link #trim()} does anything here. */
    public boolean enabled() {
        return libc != null;
    }

    /** Returns freed heap memory to the operating system ({@code malloc_trim(0)}). */
    public void trim() {
        if (libc != null) {
            try {
                libc.malloc_trim(0);
            } catch (UnsatisfiedLinkError e) { // musl and other libcs have no malloc_trim
                log.debug("malloc_trim failed: {}", e.toString());
            }
        }
    }
}
