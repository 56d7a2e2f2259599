package io.github.nomicembed.core.runtime;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes MKL, linked into libtorch, run its full-speed kernels on AMD CPUs.
 *
 * <p>MKL asks {@code mkl_serv_intel_cpu_true()} whether the CPU is Intel's and, if not, runs generic kernels
 * whatever the CPU supports: on a 2-vCPU AMD EPYC with AVX-512, fp32 GEMM at 1024×768×3072 runs at 151 instead
 * of 343 GFLOP/s. libtorch_cpu.so calls that function through its PLT, so a definition already in the process's
 * global symbol scope when libtorch is loaded wins. {@link #prepare} loads a one-function library that
 * returns 1 ({@code src/main/c/nomic_mkl_fastpath.c}, built into the jar) with {@code RTLD_GLOBAL}, before DJL
 * loads libtorch; MKL then chooses kernels by the CPU's instruction sets alone, as on Intel. This is what
 * {@code LD_PRELOAD} of such a library does, done in-process.
 *
 * <p>This is process-wide native state: the first embedder of a process decides, and it must run before
 * anything else loads libtorch. Where it cannot apply (not Linux x86-64, libtorch already loaded, the library
 * not packaged) it says so once at INFO and MKL runs as it would anyway. {@link #inspect} then reports what
 * runs, by asking MKL which kernel branch it dispatches to.
 */
public final class MklFastPath {

    private static final Logger log = LoggerFactory.getLogger(MklFastPath.class);
    private static final String SYMBOL = "mkl_serv_intel_cpu_true";
    private static final String LIBRARY = "libnomic_mkl_fastpath.so";
    private static final int RTLD_LAZY = 0x1;
    private static final int RTLD_NOW = 0x2;
    private static final int RTLD_NOLOAD = 0x4;
    private static final int RTLD_GLOBAL = 0x100;

    /** The process's outcome: set once by the first {@link #prepare}, read by every {@link #inspect}. */
    private static Outcome outcome;
    /** Held for the life of the process: JNA would dlclose an unreachable library. */
    private static NativeLibrary loaded;
    private static boolean reported;

    private MklFastPath() {
    }

    /** What {@link #prepare} did. */
    private record Outcome(BlasFastPath mode, String vendor, boolean applied, String reason) {
    }

    /**
     * Applies {@code mode} to this process unless an earlier call already decided; call before DJL's PyTorch
     * engine is loaded. Never throws: a failure leaves MKL as it is and is logged.
     */
    public static synchronized void prepare(BlasFastPath mode) {
        if (outcome != null) {
            if (outcome.mode() != mode) {
                log.debug("blas-fast-path={} ignored: this process already runs with {}", mode, outcome.mode());
            }
            return;
        }
        String vendor = cpuVendor();
        outcome = decide(mode, vendor);
        if (outcome.applied()) {
            log.debug("MKL fast path loaded ({} CPU)", vendor);
        }
    }

    private static Outcome decide(BlasFastPath mode, String vendor) {
        if (mode == BlasFastPath.OFF) {
            return new Outcome(mode, vendor, false, "off");
        }
        if (!Platform.isLinux() || !Platform.isIntel() || !Platform.is64Bit()) {
            return new Outcome(mode, vendor, false, "not Linux x86-64");
        }
        if (mode == BlasFastPath.AUTO && "GenuineIntel".equals(vendor)) {
            return new Outcome(mode, vendor, false, "Intel CPU: MKL's own kernels are already its fastest");
        }
        if (libtorchLoaded()) {
            return new Outcome(mode, vendor, false,
                    "libtorch was loaded before the first embedder, too late to apply (set it up before DJL's engine)");
        }
        try (InputStream in = MklFastPath.class.getResourceAsStream("linux-x86_64/" + LIBRARY)) {
            if (in == null) {
                return new Outcome(mode, vendor, false, LIBRARY + " is not packaged in this build (no C compiler "
                        + "when it was built)");
            }
            Path file = Files.createTempFile("nomic-mkl-fastpath", ".so");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                loaded = NativeLibrary.getInstance(file.toString(),
                        Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | RTLD_GLOBAL));
                loaded.getFunction(SYMBOL); // fails if the library is not what we built
            } finally {
                Files.deleteIfExists(file); // stays mapped
            }
            return new Outcome(mode, vendor, true, vendor.equals("GenuineIntel") ? "Intel CPU" : vendor + " CPU");
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            return new Outcome(mode, vendor, false, "could not load " + LIBRARY + ": " + e);
        }
    }

    /**
     * What runs, after libtorch was loaded: whether MKL's vendor check answers with this project's library, and
     * MKL's kernel branch. Logged once per process at INFO.
     */
    public static synchronized BlasInfo inspect() {
        Outcome o = outcome != null ? outcome : new Outcome(BlasFastPath.OFF, cpuVendor(), false, "not prepared");
        boolean ours = o.applied() && resolvedFrom().map(f -> f.contains("nomic-mkl-fastpath")).orElse(false);
        int branch = mklBranch();
        String kernels = new BlasInfo(o.mode(), o.vendor(), ours, branch, "").kernels();
        String summary = branch < 0 && !ours
                ? "MKL not found in libtorch (" + o.reason() + ")"
                : "MKL " + kernels + " kernels (branch " + branch + "), fast path "
                        + (ours ? "on: " + o.reason() : "off: " + o.reason());
        BlasInfo info = new BlasInfo(o.mode(), o.vendor(), ours, branch, summary);
        if (!reported) {
            reported = true;
            log.info("BLAS: {} [blas-fast-path={}]", summary, o.mode());
        }
        return info;
    }

    /** The file that defines {@code mkl_serv_intel_cpu_true} in the process's global scope, if any. */
    static Optional<String> resolvedFrom() {
        try {
            Pointer p = NativeLibrary.getProcess().getGlobalVariableAddress(SYMBOL);
            DlInfo info = new DlInfo();
            if (Dl.INSTANCE.dladdr(p, info) == 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(info.dli_fname);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return Optional.empty(); // not in the global scope: MKL's own definition is used
        }
    }

    /** MKL's kernel branch ({@code mkl_serv_cpu_detect}), or -1 when libtorch or the symbol is not there. */
    static int mklBranch() {
        Optional<Path> torch = mappedLibrary("libtorch_cpu.so");
        if (torch.isEmpty()) {
            return -1;
        }
        try {
            // RTLD_NOLOAD: only a handle to the loaded libtorch, which stays in its local scope
            NativeLibrary lib = NativeLibrary.getInstance(torch.get().toString(),
                    Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NOLOAD));
            Function detect = lib.getFunction("mkl_serv_cpu_detect");
            return detect.invokeInt(new Object[] {0});
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return -1;
        }
    }

    private static boolean libtorchLoaded() {
        return mappedLibrary("libtorch_cpu.so").isPresent();
    }

    static Optional<Path> mappedLibrary(String name) {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(f -> f.endsWith("/" + name))
                    .findFirst()
                    .map(Path::of);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code vendor_id} of the first CPU in {@code /proc/cpuinfo}, or {@code unknown}. */
    static String cpuVendor() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("vendor_id"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private interface Dl extends Library {
        Dl INSTANCE = Native.load("c", Dl.class);

        int dladdr(Pointer address, DlInfo info);
    }

    /** glibc's {@code Dl_info} (public only because JNA instantiates it reflectively; not API). */
    @Structure.FieldOrder({"dli_fname", "dli_fbase", "dli_sname", "dli_saddr"})
    public static final class DlInfo extends Structure {
        public String dli_fname;
        public Pointer dli_fbase;
        public String dli_sname;
        public Pointer dli_saddr;
    }
}
