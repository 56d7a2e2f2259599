package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.weights.SafetensorsDtype;
import io.github.nomicembed.core.weights.SafetensorsFile;
import io.github.nomicembed.core.weights.SafetensorsWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** F16 and BF16 checkpoints are widened to F32 on load and give (nearly) the F32 vectors. */
class WidenedCheckpointTest {

    @TempDir
    Path tmp;

    @Test
    void float16CheckpointIsWidenedOnLoad() {
        assertWidenedEqualsFloat32OfSameValues(SafetensorsDtype.F16, WidenedCheckpointTest::toHalf,
                WidenedCheckpointTest::halfToFloat);
    }

    @Test
    void bfloat16CheckpointIsWidenedOnLoad() {
        assertWidenedEqualsFloat32OfSameValues(SafetensorsDtype.BF16, bits -> (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16,
                h -> Float.intBitsToFloat(h << 16));
    }

    /**
     * Narrows the fixture to {@code dtype}, and writes the same (rounded) values as an F32 checkpoint: loading
     * the narrow file must give exactly the vectors of the F32 one, and both stay near the golden.
     */
    private void assertWidenedEqualsFloat32OfSameValues(SafetensorsDtype dtype, IntUnaryOperator narrow,
                                                        java.util.function.IntFunction<Float> widen) {
        Path narrowDir = Fixture.copyTo(tmp.resolve(dtype.name()));
        Path wideDir = Fixture.copyTo(tmp.resolve(dtype.name() + "-as-f32"));
        SafetensorsFile src = SafetensorsFile.open(Fixture.dir().resolve("model.safetensors"));
        List<SafetensorsWriter.Tensor> narrowed = new java.util.ArrayList<>();
        List<SafetensorsWriter.Tensor> widened = new java.util.ArrayList<>();
        for (var info : src.tensors().values()) {
            FloatBuffer f = src.map(info.name()).asFloatBuffer();
            ByteBuffer n = ByteBuffer.allocate(f.remaining() * 2).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer w = ByteBuffer.allocate(f.remaining() * 4).order(ByteOrder.LITTLE_ENDIAN);
            while (f.hasRemaining()) {
                int h = narrow.applyAsInt(Float.floatToRawIntBits(f.get())) & 0xffff;
                n.putShort((short) h);
                w.putFloat(widen.apply(h));
            }
            narrowed.add(new SafetensorsWriter.Tensor(info.name(), dtype, info.shape(), SafetensorsWriter.Content.of(n.flip())));
            widened.add(new SafetensorsWriter.Tensor(info.name(), SafetensorsDtype.F32, info.shape(),
                    SafetensorsWriter.Content.of(w.flip())));
        }
        SafetensorsWriter.write(narrowDir.resolve("model.safetensors"), narrowed);
        SafetensorsWriter.write(wideDir.resolve("model.safetensors"), widened);

        List<String> texts = Fixture.strings(Fixture.golden().get("inputs"), "text");
        EmbedderOptions cpu = EmbedderOptions.builder().optDevice("cpu").build();
        try (NomicEmbedder fromNarrow = NomicEmbedder.load(narrowDir, cpu);
             NomicEmbedder fromWide = NomicEmbedder.load(wideDir, cpu)) {
            float[][] a = fromNarrow.embed(texts, EmbeddingTask.NONE).vectors().toArray(float[][]::new);
            float[][] b = fromWide.embed(texts, EmbeddingTask.NONE).vectors().toArray(float[][]::new);
            assertThat(Fixture.maxAbsDiff(a, b)).isLessThan(1e-6);
            double vsGolden = Fixture.maxAbsDiff(a, Fixture.matrix(Fixture.golden().get("outputs").get("embeddings")));
            System.out.printf("[widen] %s checkpoint vs F32 golden max |diff| = %.3e%n", dtype, vsGolden);
            assertThat(vsGolden).isGreaterThan(0.0).isLessThan(0.1);
        }
    }

    static float halfToFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** float32 bits → IEEE half bits, round to nearest even (normal range and zero are enough here). */
    static int toHalf(int bits) {
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        if (exp <= 0) {
            if (exp < -10) {
                return sign;
            }
            mant |= 0x800000;
            int shift = 14 - exp;
            int half = mant >> shift;
            int rem = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) == 1)) {
                half++;
            }
            return sign | half;
        }
        if (exp >= 31) {
            return sign | 0x7c00;
        }
        int half = (exp << 10) | (mant >> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return sign | half;
    }
}
