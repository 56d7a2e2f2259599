/*
 * MKL's full-speed kernels on every x86-64 CPU.
 *
 * Intel MKL, linked into libtorch_cpu.so, asks mkl_serv_intel_cpu_true() whether the CPU is an Intel one
 * and, when it is not, dispatches to generic kernels regardless of the CPU's instruction sets (on AMD Zen 4
 * and 5, with AVX-512, fp32 GEMM runs at 30-45 % of its rate). libtorch_cpu.so exports that function and
 * calls it through its PLT, so a definition that is already in the process's global symbol scope when
 * libtorch is loaded takes its place. io.github.nomicembed.core.runtime.MklFastPath loads this library with
 * RTLD_GLOBAL before DJL loads libtorch; MKL then picks its kernels from the CPU's feature flags (CPUID)
 * alone, as it does on Intel CPUs. The results are the same kernels' results as on an Intel CPU with the
 * same instruction sets.
 *
 * Built by core/pom.xml (profile mkl-fastpath) with: cc -shared -fPIC -O2 -nostdlib
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
