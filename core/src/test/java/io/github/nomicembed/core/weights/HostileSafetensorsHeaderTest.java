package io.github.nomicembed.core.weights;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.config.ModelConfigException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression examples found by {@link SafetensorsFuzzTest}. */
class HostileSafetensorsHeaderTest {

    @TempDir
    Path tmp;

    @Test
    void aDimensionBeyond64BitsIsRefusedNamingTheTensor() throws Exception {
        Path file = write("{\"w\":{\"dtype\":\"F32\",\"shape\":[1000000000000000000000000000000],"
                + "\"data_offsets\":[0,4]}}");

        assertThatThrownBy(() -> SafetensorsFile.open(file)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("tensor 'w'").hasMessageContaining("invalid dimension");
    }

    @Test
    void anOffsetBeyond64BitsIsRefusedNamingTheTensor() throws Exception {
        Path file = write("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,100000000000000000000000]}}");

        assertThatThrownBy(() -> SafetensorsFile.open(file)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("tensor 'w'").hasMessageContaining("invalid data_offsets");
    }

    private Path write(String header) throws Exception {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).putFloat(1f);
        Path file = tmp.resolve("model.safetensors");
        Files.write(file, out.array());
        return file;
    }
}
