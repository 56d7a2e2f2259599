package io.github.nomicembed.core.batch;

import java.util.Locale;

/** Recognises a forward pass that failed because the device ran out of memory. */
final class OutOfMemory {

    private OutOfMemory() {
    }

    /**
     * Whether {@code error} (or a cause) is an out-of-memory failure: a Java {@link OutOfMemoryError} (direct
     * buffers) or libtorch's CUDA ("CUDA out of memory") and CPU allocator ("DefaultCPUAllocator: not enough
     * memory", "can't allocate memory") errors as DJL surfaces them.
     */
    static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("out of memory") || m.contains("not enough memory") || m.contains("can't allocate memory")
                    || m.contains("failed to allocate")) {
                return true;
            }
        }
        return false;
    }
}
