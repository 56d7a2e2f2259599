package io.github.nomicembed.core.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.cuda.CudaUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine offline and picks the device.
 *
 * <p>Unless the user set them, this sets {@code ai.djl.offline=true} (DJL never downloads anything; the
 * CPU libtorch comes from the {@code pytorch-native-cpu} jar) and, when a thread count is given, the
 * intra-op thread count before the engine starts. CUDA needs a CUDA libtorch 2.7.1 supplied by the user
 * ({@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_FLAVOR=cu128}, {@code PYTORCH_VERSION=2.7.1}).
 */
public final class PyTorchRuntime {

    private static final Logger log = LoggerFactory.getLogger(PyTorchRuntime.class);

    /** Name under which DJL registers the engine. */
    public static final String ENGINE = "PyTorch";

    private PyTorchRuntime() {
    }

    /** Returns the PyTorch engine, configuring it first, with {@link BlasFastPath#AUTO}. */
    public static Engine engine(int threads) {
        return engine(threads, BlasFastPath.AUTO);
    }

    /**
     * Returns the PyTorch engine, configuring it first.
     *
     * @param threads intra-op threads, or 0 to leave libtorch's default (one per core)
     * @param blas whether MKL runs its full-speed kernels on non-Intel CPUs (see {@link MklFastPath}); only the
     *     first call of a process, before libtorch is loaded, can apply it
     */
    public static Engine engine(int threads, BlasFastPath blas) {
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        if (threads > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        MklFastPath.prepare(blas);
        try {
            return Engine.getEngine(ENGINE);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("Cannot start DJL's PyTorch engine. The CPU build needs "
                    + "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 and pytorch-jni:2.7.1-0.36.0 on the "
                    + "classpath (glibc >= 2.34); a CUDA build needs PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR and "
                    + "PYTORCH_VERSION=2.7.1. Cause: " + e.getMessage(), e);
        }
    }

    /**
     * Resolves {@code spec} and {@code type} against what the loaded libtorch and the host offer. {@code auto}
     * means the best the host has, so {@code auto} with float16 on a host without a CUDA device runs float32
     * on CPU and says so in one WARN line; an explicit device with float16 must be CUDA.
     *
     * @throws IllegalArgumentException as {@link #resolve}
     */
    public static Placement place(DeviceSpec spec, ComputeType type, Engine engine) {
        if (spec.kind() == DeviceSpec.Kind.AUTO && type == ComputeType.FLOAT16) {
            Device device = resolve(spec, ComputeType.FLOAT32, engine);
            if (!device.isGpu()) {
                log.warn("device=auto with dtype=float16: no CUDA device on this host, so running float32 on CPU "
                        + "(float16 runs only on CUDA; set dtype=float32 to silence this, or device=cuda to require "
                        + "a GPU)");
                return new Placement(device, ComputeType.FLOAT32);
            }
            return new Placement(device, type);
        }
        return new Placement(resolve(spec, type, engine), type);
    }

    /** Resolves {@code spec} against what the loaded libtorch and the host offer. */
    public static Device resolve(DeviceSpec spec, ComputeType type, Engine engine) {
        boolean cudaBuild = engine.hasCapability(StandardCapabilities.CUDA);
        int gpus = cudaBuild ? CudaUtils.getGpuCount() : 0;
        Device device = switch (spec.kind()) {
            case CPU -> Device.cpu();
            case CUDA -> {
                if (!cudaBuild) {
                    throw new IllegalArgumentException("Device '" + spec + "' requested, but the loaded libtorch "
                            + engine.getVersion() + " is a CPU build. Supply a CUDA libtorch 2.7.1 (cu128) with "
                            + "PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR=cu128 and PYTORCH_VERSION=2.7.1, or use device "
                            + "'cpu' or 'auto'.");
                }
                if (spec.index() >= gpus) {
                    throw new IllegalArgumentException("Device '" + spec + "' requested, but " + gpus
                            + " CUDA device(s) are visible; allowed: cuda:0.." + (gpus - 1) + ", cpu or auto.");
                }
                yield Device.gpu(spec.index());
            }
            case AUTO -> {
                if (gpus > 0) {
                    yield Device.gpu(0);
                }
                log.info("device=auto: no CUDA device available (libtorch {} build{}), running on CPU",
                        cudaBuild ? "CUDA" : "CPU", cudaBuild ? ", no GPU visible" : "");
                yield Device.cpu();
            }
        };
        if (type == ComputeType.FLOAT16 && !device.isGpu()) {
            throw new IllegalArgumentException("dtype float16 is only supported on CUDA (CPU fp16 matmul is about "
                    + "100x slower than fp32); allowed on " + device + ": float32");
        }
        return device;
    }
}
