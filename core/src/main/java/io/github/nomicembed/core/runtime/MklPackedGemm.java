package io.github.nomicembed.core.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * MKL's packed GEMM, called in the libtorch that DJL loaded: weights are packed once into MKL's own layout
 * ({@code cblas_sgemm_pack}) and every product reads them from there ({@code cblas_sgemm_compute}).
 *
 * <p>Why: an ordinary {@code sgemm} re-packs the weight matrix on every call. When the input has few rows (a
 * query's 16 tokens, an expert's 4) that copy is most of the work: on a 2-vCPU AMD EPYC with AVX-512 a
 * 768×3072 weight streams at 18-21 GB/s through {@code sgemm} at 4 rows and 30-46 GB/s packed, and large products
 * gain a few percent. The packed product is also exactly batch-invariant: a row's result does not depend on
 * how many rows are multiplied with it (MKL's {@code sgemm} switches kernels below 16 rows).
 *
 * <pre>{@code
 * MklPackedGemm gemm = MklPackedGemm.find().orElseThrow();   // after the PyTorch engine is loaded
 * try (PackedMatrix w = gemm.packTransposed(linearWeight)) {   // y = x · Wᵀ, W of [out, in]
 *     NDArray y = gemm.multiply(x, w);                          // x of [rows, in], y of [rows, out]
 * }
 * }</pre>
 *
 * <p>CPU and float32 only. libtorch builds without MKL (e.g. some aarch64 builds) do not export these
 * functions; {@link #find} is then empty and the forward pass multiplies through libtorch as before.
 */
public final class MklPackedGemm {

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final int PACKED = 151;
    private static final int B_MATRIX = 162;
    private static final int RTLD_LAZY = 0x1;
    private static final int RTLD_NOLOAD = 0x4;
    private static final int ALIGN = 64;
    /**
     * The row count the packing is tuned for. The packed matrix serves any row count, but packed for one row MKL
     * picks a layout that streams little faster than {@code sgemm}; packed for 16 rows or more, small products
     * run about twice as fast (measured: 1, 16, 64 and 1024 rows).
     */
    private static final int PACK_ROWS = 1024;

    /** The three functions, as libtorch_cpu.so exports them (MKL is linked into it statically). */
    interface Cblas extends Library {
        long cblas_sgemm_pack_get_size(int identifier, int m, int n, int k);

        void cblas_sgemm_pack(int layout, int identifier, int trans, int m, int n, int k, float alpha, Pointer src,
                int ld, Pointer dest);

        void cblas_sgemm_compute(int layout, int transa, int transb, int m, int n, int k, Pointer a, int lda,
                Pointer b, int ldb, float beta, Pointer c, int ldc);
    }

    private final Cblas cblas;
    private final Path library;

    private MklPackedGemm(Cblas cblas, Path library) {
        this.cblas = cblas;
        this.library = library;
    }

    /**
     * MKL's packed GEMM in the loaded libtorch, or empty when libtorch is not loaded yet, is not a file this
     * process mapped (not Linux), or has no MKL.
     */
    public static Optional<MklPackedGemm> find() {
        Optional<Path> torch = MklFastPath.mappedLibrary("libtorch_cpu.so");
        if (torch.isEmpty()) {
            return Optional.empty();
        }
        try {
            // RTLD_NOLOAD: a handle to the libtorch already loaded, nothing new enters the process
            Cblas c = Native.load(torch.get().toString(), Cblas.class,
                    Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NOLOAD));
            if (c.cblas_sgemm_pack_get_size(B_MATRIX, 1, 1, 1) <= 0) {
                return Optional.empty();
            }
            return Optional.of(new MklPackedGemm(c, torch.get()));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }

    /** The libtorch file whose MKL this calls. */
    public Path library() {
        return library;
    }

    /** Packs {@code weight} {@code [n, k]} for {@code y = x · weightᵀ} (a linear layer's weight). */
    public PackedMatrix packTransposed(NDArray weight) {
        long[] s = shape2d(weight, "weight");
        return pack(weight, (int) s[1], (int) s[0], true);
    }

    /** Packs {@code weight} {@code [k, n]} for {@code y = x · weight}. */
    public PackedMatrix pack(NDArray weight) {
        long[] s = shape2d(weight, "weight");
        return pack(weight, (int) s[0], (int) s[1], false);
    }

    private PackedMatrix pack(NDArray weight, int k, int n, boolean transposed) {
        float32OnCpu(weight, "weight");
        long size = cblas.cblas_sgemm_pack_get_size(B_MATRIX, PACK_ROWS, n, k);
        Memory memory = new Memory(size + ALIGN);
        Pointer dest = memory.share(alignment(memory));
        int ld = transposed ? k : n;
        cblas.cblas_sgemm_pack(ROW_MAJOR, B_MATRIX, transposed ? TRANS : NO_TRANS, PACK_ROWS, n, k, 1f, address(weight),
                ld, dest);
        return new PackedMatrix(memory, dest, k, n, ld);
    }

    /** Returns {@code x · B}, {@code x} {@code [rows, k]} float32 on the CPU, as a new array on x's manager. */
    public NDArray multiply(NDArray x, PackedMatrix b) {
        long[] s = shape2d(x, "input");
        if (s[1] != b.k()) {
            throw new IllegalArgumentException("input rows have " + s[1] + " columns, the packed matrix " + b.k());
        }
        float32OnCpu(x, "input");
        NDArray y = x.getManager().create(new Shape(s[0], b.n()), DataType.FLOAT32);
        if (s[0] > 0) {
            cblas.cblas_sgemm_compute(ROW_MAJOR, NO_TRANS, PACKED, Math.toIntExact(s[0]), b.n(), b.k(), address(x),
                    b.k(), b.data(), b.ld(), 0f, address(y), b.n());
        }
        return y;
    }

    /** The address of an array's data, made contiguous first if it is not (the copy lives on its manager). */
    private static Pointer address(NDArray a) {
        ByteBuffer direct = JniUtils.getByteBuffer((PtNDArray) a, true);
        return Native.getDirectBufferPointer(direct);
    }

    private static long alignment(Memory m) {
        long addr = Pointer.nativeValue(m);
        return (ALIGN - addr % ALIGN) % ALIGN;
    }

    private static long[] shape2d(NDArray a, String what) {
        Shape s = a.getShape();
        if (s.dimension() != 2 || s.get(0) > Integer.MAX_VALUE || s.get(1) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be a 2-D matrix, got " + s);
        }
        return s.getShape();
    }

    private static void float32OnCpu(NDArray a, String what) {
        if (a.getDataType() != DataType.FLOAT32 || a.getDevice().isGpu()) {
            throw new IllegalArgumentException(what + " must be float32 on the CPU, got " + a.getDataType() + " on "
                    + a.getDevice());
        }
    }
}
