package io.github.nomicembed.core.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.fuzz.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Regression examples found by {@link ConfigFuzzTest}. */
class HostileConfigValuesTest {

    @TempDir
    Path tmp;

    @Test
    void anIntegerBeyond64BitsIsRefusedNamingTheKey() throws Exception {
        // Jackson 3's asLong() throws its own exception for such numbers; it escaped as a JsonNodeException
        Path file = config("n_layer", "1000000000000000000000000000000");

        assertThatThrownBy(() -> new ConfigReader().read(file)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("'n_layer'").hasMessageContaining("allowed: a positive integer");
        Path optional = config("pad_token_id", "-1000000000000000000000000000000");
        assertThatThrownBy(() -> new ConfigReader().read(optional)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("'pad_token_id'");
    }

    @Test
    void fewerThanTwoPositionsAreRefused() throws Exception {
        Path file = config("n_positions", "1");

        assertThatThrownBy(() -> new ConfigReader().read(file)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("'n_positions'").hasMessageContaining("allowed: 2 or more");
    }

    private Path config(String key, String rawValue) throws Exception {
        ObjectNode config = (ObjectNode) Seeds.json("tiny-nomic-moe/config.json");
        config.put(key, "PLACEHOLDER");
        Path file = tmp.resolve("config.json");
        Files.writeString(file, config.toString().replace("\"PLACEHOLDER\"", rawValue));
        return file;
    }
}
