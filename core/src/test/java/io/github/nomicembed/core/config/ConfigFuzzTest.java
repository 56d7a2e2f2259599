package io.github.nomicembed.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.fuzz.Fuzz;
import io.github.nomicembed.core.fuzz.Mutate;
import io.github.nomicembed.core.fuzz.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Hostile {@code config.json} files (see {@link Fuzz}): the fixture's keys removed, re-typed, set to extremes, its
 * text damaged. {@link ConfigReader} must refuse each with a {@link ModelConfigException} naming the file, or read a
 * config whose sizes are positive and consistent.
 */
class ConfigFuzzTest {

    private static final JsonNode SEED = Seeds.json("tiny-nomic-moe/config.json");

    @Test
    void hostileConfigsEndInAClearErrorOrAConsistentConfig() {
        Path file = Seeds.scratch("config").resolve("config.json");
        ConfigReader reader = new ConfigReader();
        Fuzz.Report report = Fuzz.run("config.json", 6, Seeds::modelFileRefusal, (random, input) -> {
            byte[] bytes = Mutate.jsonFile(SEED, random);
            input.record(bytes);
            Files.write(file, bytes);
            NomicBertConfig c = reader.read(file);
            assertThat(c.hiddenSize() % c.numHeads()).isZero();
            assertThat(c.numLayers()).isPositive();
        });
        assertThat(report.rejected()).isPositive();
        assertThat(report.accepted()).isPositive();
    }
}
