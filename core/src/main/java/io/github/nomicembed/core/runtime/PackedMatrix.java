package io.github.nomicembed.core.runtime;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * One weight matrix in MKL's packed GEMM layout ({@code cblas_sgemm_pack}), the right-hand side {@code B} of
 * {@code x · B} with {@code B} of {@code k} rows and {@code n} columns. Made by {@link MklPackedGemm#pack};
 * owns its native memory until {@link #close}.
 */
public final class PackedMatrix implements AutoCloseable {

    private final Memory memory;
    private final Pointer data;
    private final int k;
    private final int n;
    private final int ld;
    private final long residentBytes;
    private volatile boolean closed;

    PackedMatrix(Memory memory, Pointer data, int k, int n, int ld) {
        this.memory = memory;
        this.data = data;
        this.k = k;
        this.n = n;
        this.ld = ld;
        this.residentBytes = 4L * k * n;
    }

    /** Rows of {@code B}: the width of the input rows it multiplies. */
    public int k() {
        return k;
    }

    /** Columns of {@code B}: the width of the product rows. */
    public int n() {
        return n;
    }

    /** The bytes of weights it holds (MKL reserves more address space; only these are touched). */
    public long bytes() {
        return residentBytes;
    }

    int ld() {
        return ld;
    }

    Pointer data() {
        if (closed) {
            throw new IllegalStateException("packed matrix " + k + "x" + n + " is closed");
        }
        return data;
    }

    /** Frees the packed copy; a multiplication afterwards fails with {@link IllegalStateException}. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            memory.close();
        }
    }
}
