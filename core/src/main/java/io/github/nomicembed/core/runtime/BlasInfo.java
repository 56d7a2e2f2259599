package io.github.nomicembed.core.runtime;

/**
 * Which BLAS path this process runs, as found after libtorch was loaded.
 *
 * @param mode the mode asked for by the first embedder of the process (it decides for the whole process)
 * @param cpuVendor the CPU vendor ({@code /proc/cpuinfo}'s {@code vendor_id}), or {@code unknown}
 * @param fastPath whether MKL's vendor check answers with this project's library (see {@link MklFastPath})
 * @param mklKernels MKL's dispatch branch ({@code mkl_serv_cpu_detect}), or -1 when it could not be read
 * @param summary one line for logs, health and info, e.g.
 *     {@code "MKL avx512 kernels (fast path on: AMD CPU)"}
 */
public record BlasInfo(BlasFastPath mode, String cpuVendor, boolean fastPath, int mklKernels, String summary) {

    /** The name of MKL's dispatch branch, as far as it is known ({@code generic}, {@code avx}, {@code avx2}, {@code avx512}); seen here: 0
     * on AMD Zen 4 without the fast path, 7 with it. */
    public String kernels() {
        return switch (mklKernels) {
            case -1 -> "unknown";
            case 0 -> "generic";
            case 3 -> "avx";
            case 4 -> "avx2";
            case 6, 7, 8, 9 -> "avx512";
            default -> "branch " + mklKernels;
        };
    }
}
