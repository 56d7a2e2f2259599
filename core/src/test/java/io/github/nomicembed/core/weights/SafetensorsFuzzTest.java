package io.github.nomicembed.core.weights;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.fuzz.Fuzz;
import io.github.nomicembed.core.fuzz.Mutate;
import io.github.nomicembed.core.fuzz.Seeds;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile {@code model.safetensors} files (see {@link Fuzz}): the fixture's header and tensor table damaged
 * structurally (dtypes, shapes, offsets, extra and missing entries), its bytes damaged, its header length replaced by
 * extremes, its data cut short. {@link SafetensorsFile#open} must refuse each with a {@code ModelConfigException}
 * or accept it, and every tensor of an accepted file must map and read within the file.
 */
class SafetensorsFuzzTest {

    private static final byte[] SEED = Seeds.bytes("tiny-nomic-moe/model.safetensors");
    private static final int HEADER_LEN = (int) ByteBuffer.wrap(SEED, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    private static final JsonNode HEADER = JsonMapper.builder().build()
            .readTree(new String(SEED, 8, HEADER_LEN, StandardCharsets.UTF_8));

    @Test
    void hostileSafetensorsEndInAClearErrorOrLoad() {
        Path file = Seeds.scratch("safetensors").resolve("model.safetensors");
        Fuzz.Report report = Fuzz.run("safetensors", 10, Seeds::modelFileRefusal, (random, input) -> {
            byte[] bytes = variant(random);
            input.record(bytes);
            Files.write(file, bytes);
            SafetensorsFile st = SafetensorsFile.open(file);
            for (TensorInfo info : st.tensors().values()) {
                ByteBuffer data = st.map(info.name());
                assertThat((long) data.remaining()).isEqualTo(info.byteLength());
                if (data.hasRemaining()) {
                    data.get(data.remaining() - 1);
                }
            }
        });
        assertThat(report.rejected()).as("the variants must reach the checks").isPositive();
    }

    private static byte[] variant(Random random) throws Exception {
        byte[] data = Arrays.copyOfRange(SEED, 8 + HEADER_LEN, SEED.length);
        return switch (random.nextInt(4)) {
            case 0, 1 -> file(JsonMapper.builder().build().writeValueAsBytes(Mutate.json(HEADER, random)), data,
                    random.nextInt(8) == 0 ? random.nextInt(data.length + 1) : data.length);
            case 2 -> Mutate.bytes(Arrays.copyOf(SEED, Math.min(SEED.length, 8 + HEADER_LEN + 256)), random);
            default -> {
                byte[] bytes = SEED.clone();
                long[] lengths = {0, 1, 2, 7, HEADER_LEN - 1, HEADER_LEN + 1, SEED.length, Integer.MAX_VALUE,
                    Integer.MAX_VALUE + 1L, Long.MAX_VALUE, -1, Long.MIN_VALUE, 100L * 1024 * 1024};
                ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(lengths[random.nextInt(lengths.length)]);
                yield random.nextBoolean() ? bytes : Arrays.copyOf(bytes, random.nextInt(64));
            }
        };
    }

    private static byte[] file(byte[] header, byte[] data, int dataBytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        out.write(data, 0, dataBytes);
        return out.toByteArray();
    }
}
