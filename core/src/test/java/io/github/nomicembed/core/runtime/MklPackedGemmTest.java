package io.github.nomicembed.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MKL's packed GEMM against libtorch's products, on random matrices of several shapes. */
class MklPackedGemmTest {

    private NDManager m;
    private MklPackedGemm gemm;

    @BeforeEach
    void open() {
        m = NDManager.newBaseManager(Device.cpu(), "PyTorch"); // loads libtorch, as the engine does
        m.getEngine().setRandomSeed(11);
        gemm = MklPackedGemm.find().orElse(null);
        assumeTrue(gemm != null, "this libtorch has no MKL (e.g. aarch64): the forward pass uses libtorch");
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void theLoadedLibtorchProvidesIt() {
        assertThat(gemm.library().getFileName().toString()).isEqualTo("libtorch_cpu.so");
    }

    @Test
    void aPackedLinearWeightGivesLibtorchsProductAtEveryRowCount() {
        for (int[] kn : new int[][] {{24, 40}, {96, 64}, {64, 257}}) {
            NDArray w = m.randomNormal(new Shape(kn[1], kn[0]));
            try (PackedMatrix p = gemm.packTransposed(w)) {
                assertThat(p.k()).isEqualTo(kn[0]);
                assertThat(p.n()).isEqualTo(kn[1]);
                for (int rows : new int[] {1, 3, 16, 70}) {
                    NDArray x = m.randomNormal(new Shape(rows, kn[0]));
                    assertClose(gemm.multiply(x, p), Linear.linear(x, w).singletonOrThrow());
                }
            }
        }
    }

    @Test
    void aPackedPlainWeightGivesLibtorchsMatMul() {
        NDArray w = m.randomNormal(new Shape(96, 40)); // [k, n], used as x·w (an expert's w2)
        try (PackedMatrix p = gemm.pack(w)) {
            assertThat(p.k()).isEqualTo(96);
            assertThat(p.n()).isEqualTo(40);
            for (int rows : new int[] {1, 5, 33}) {
                NDArray x = m.randomNormal(new Shape(rows, 96));
                assertClose(gemm.multiply(x, p), x.matMul(w));
            }
        }
    }

    @Test
    void aRowsProductDoesNotDependOnTheRowsMultipliedWithIt() {
        NDArray w = m.randomNormal(new Shape(200, 72));
        NDArray x = m.randomNormal(new Shape(64, 72));
        try (PackedMatrix p = gemm.packTransposed(w)) {
            float[] all = gemm.multiply(x, p).toFloatArray();
            for (int[] range : new int[][] {{0, 1}, {5, 9}, {20, 35}, {63, 64}}) {
                NDArray part = x.get(new NDIndex().addSliceDim(range[0], range[1]));
                float[] alone = gemm.multiply(part, p).toFloatArray();
                float[] expected = java.util.Arrays.copyOfRange(all, range[0] * 200, range[1] * 200);
                assertThat(alone).as("rows %d..%d", range[0], range[1]).containsExactly(expected);
            }
        }
    }

    @Test
    void aNonContiguousInputIsMultipliedByItsValues() {
        NDArray w = m.randomNormal(new Shape(48, 32));
        NDArray xt = m.randomNormal(new Shape(32, 10)).transpose(); // [10, 32], not contiguous
        try (PackedMatrix p = gemm.packTransposed(w)) {
            assertClose(gemm.multiply(xt, p), Linear.linear(xt.duplicate(), w).singletonOrThrow());
        }
    }

    @Test
    void noRowsGiveAnEmptyProduct() {
        try (PackedMatrix p = gemm.packTransposed(m.randomNormal(new Shape(8, 4)))) {
            NDArray y = gemm.multiply(m.create(new Shape(0, 4), DataType.FLOAT32), p);
            assertThat(y.getShape()).isEqualTo(new Shape(0, 8));
        }
    }

    @Test
    void anInputOfAnotherWidthIsRefusedNamingBoth() {
        try (PackedMatrix p = gemm.packTransposed(m.randomNormal(new Shape(8, 4)))) {
            assertThatThrownBy(() -> gemm.multiply(m.randomNormal(new Shape(2, 5)), p))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5").hasMessageContaining("4");
        }
    }

    @Test
    void anInputThatIsNotFloat32IsRefused() {
        try (PackedMatrix p = gemm.packTransposed(m.randomNormal(new Shape(8, 4)))) {
            NDArray half = m.randomNormal(new Shape(2, 4)).toType(DataType.FLOAT16, false);
            assertThatThrownBy(() -> gemm.multiply(half, p))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float32");
        }
    }

    @Test
    void aClosedMatrixCannotBeUsed() {
        PackedMatrix p = gemm.packTransposed(m.randomNormal(new Shape(8, 4)));
        p.close();
        p.close(); // twice is fine
        assertThatThrownBy(() -> gemm.multiply(m.randomNormal(new Shape(2, 4)), p))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static void assertClose(NDArray actual, NDArray expected) {
        assertThat(actual.getShape()).isEqualTo(expected.getShape());
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d", i).isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-4f * (1 + Math.abs(e[i]))));
        }
    }
}
