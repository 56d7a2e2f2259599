package io.github.nomicembed.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Device selection against the real engine of this build (the CPU libtorch in CI). */
class DeviceSelectionTest {

    static Engine engine;

    @BeforeAll
    static void start() {
        engine = PyTorchRuntime.engine(0);
    }

    @Test
    void parsesEveryAllowedSpelling() {
        assertThat(DeviceSpec.parse("auto")).isEqualTo(DeviceSpec.AUTO);
        assertThat(DeviceSpec.parse(" CPU ")).isEqualTo(DeviceSpec.CPU);
        assertThat(DeviceSpec.parse("cuda")).isEqualTo(new DeviceSpec(DeviceSpec.Kind.CUDA, 0));
        assertThat(DeviceSpec.parse("cuda:3")).isEqualTo(new DeviceSpec(DeviceSpec.Kind.CUDA, 3));
        assertThat(DeviceSpec.parse("cuda:3").toString()).isEqualTo("cuda:3");
    }

    @Test
    void rejectsUnknownDevicesWithTheAllowedValues() {
        for (String bad : new String[] {"tpu", "cuda:", "cuda:-1", "cuda:x", "", null}) {
            assertThatThrownBy(() -> DeviceSpec.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("auto, cpu, cuda, cuda:N");
        }
    }

    @Test
    void rejectsUnknownDtypesWithTheAllowedValues() {
        assertThat(ComputeType.parse("fp16")).isEqualTo(ComputeType.FLOAT16);
        assertThatThrownBy(() -> ComputeType.parse("bf16")).hasMessageContaining("float32, float16");
    }

    @Test
    void cpuIsAlwaysAvailable() {
        assertThat(PyTorchRuntime.resolve(DeviceSpec.CPU, ComputeType.FLOAT32, engine)).isEqualTo(Device.cpu());
    }

    @Test
    void autoFallsBackToCpuWithoutCuda() {
        Assumptions.assumeFalse(engine.hasCapability(StandardCapabilities.CUDA), "a CUDA libtorch is loaded");
        assertThat(PyTorchRuntime.resolve(DeviceSpec.AUTO, ComputeType.FLOAT32, engine)).isEqualTo(Device.cpu());
    }

    @Test
    void cudaOnACpuBuildIsAClearError() {
        Assumptions.assumeFalse(engine.hasCapability(StandardCapabilities.CUDA), "a CUDA libtorch is loaded");
        assertThatThrownBy(() -> PyTorchRuntime.resolve(DeviceSpec.parse("cuda:0"), ComputeType.FLOAT32, engine))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cuda:0'").hasMessageContaining("CPU build")
                .hasMessageContaining("PYTORCH_LIBRARY_PATH");
    }

    @Test
    void float16OnCpuIsRefused() {
        assertThatThrownBy(() -> PyTorchRuntime.resolve(DeviceSpec.CPU, ComputeType.FLOAT16, engine))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only supported on CUDA");
    }

    @Test
    void autoWithFloat16RunsFloat32OnCpuWithoutCuda() {
        Assumptions.assumeFalse(engine.hasCapability(StandardCapabilities.CUDA), "a CUDA libtorch is loaded");
        assertThat(PyTorchRuntime.place(DeviceSpec.AUTO, ComputeType.FLOAT16, engine))
                .isEqualTo(new Placement(Device.cpu(), ComputeType.FLOAT32));
    }

    @Test
    void explicitCpuWithFloat16IsStillRefused() {
        assertThatThrownBy(() -> PyTorchRuntime.place(DeviceSpec.CPU, ComputeType.FLOAT16, engine))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only supported on CUDA")
                .hasMessageContaining("allowed on cpu(): float32");
    }

    @Test
    void otherCombinationsArePlacedAsAsked() {
        assertThat(PyTorchRuntime.place(DeviceSpec.CPU, ComputeType.FLOAT32, engine))
                .isEqualTo(new Placement(Device.cpu(), ComputeType.FLOAT32));
    }
}
