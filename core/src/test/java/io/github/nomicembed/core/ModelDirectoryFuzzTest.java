package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.config.ModelConfigException;
import io.github.nomicembed.core.fuzz.Fuzz;
import io.github.nomicembed.core.fuzz.Mutate;
import io.github.nomicembed.core.fuzz.Seeds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whole hostile model directories (see {@link Fuzz}): one file of the fixture damaged per try, config.json
 * (sizes that disagree with the tensors), the safetensors tensor table, tokenizer.json, tokenizer_config.json or
 * config_sentence_transformers.json. Loading must fail with a {@link ModelConfigException} naming the file, or give a
 * model that embeds.
 */
class ModelDirectoryFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] FILES = {"config.json", "model.safetensors", "tokenizer.json",
        "tokenizer_config.json", "config_sentence_transformers.json"};

    @Test
    void hostileModelDirectoriesEndInAClearErrorOrAWorkingModel() throws Exception {
        Path dir = Seeds.scratch("model-dir");
        for (Path f : Files.list(Fixture.dir()).toList()) {
            Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 512}");
        Files.write(dir.resolve("config_sentence_transformers.json"), Seeds.bytes("model-prompts/"
                + "config_sentence_transformers.json"));
        byte[][] seeds = new byte[FILES.length][];
        for (int i = 0; i < FILES.length; i++) {
            seeds[i] = Files.readAllBytes(dir.resolve(FILES[i]));
        }
        Fuzz.Report report = Fuzz.run("model-directory", 20, t -> t instanceof ModelConfigException,
                (random, input) -> {
                    int which = random.nextInt(FILES.length);
                    byte[] bytes = FILES[which].equals("model.safetensors") ? tensorTable(seeds[which], random)
                            : Mutate.jsonFile(JSON.readTree(seeds[which]), random);
                    input.record(bytes);
                    try {
                        Files.write(dir.resolve(FILES[which]), bytes);
                        try (NomicEmbedder embedder = NomicEmbedder.load(dir,
                                EmbedderOptions.builder().optDevice("cpu").build())) {
                            float[] v = embedder.embed(List.of("a hostile directory"), EmbeddingTask.QUERY)
                                    .vectors().get(0);
                            assertThat(v).hasSize(embedder.dimensions());
                        }
                    } finally {
                        Files.write(dir.resolve(FILES[which]), seeds[which]);
                    }
                });
        assertThat(report.rejected()).isPositive();
    }

    /** The fixture with its tensor table damaged (the data kept), so that it fails the checks against config.json. */
    private static byte[] tensorTable(byte[] seed, Random random) {
        int headerLen = (int) ByteBuffer.wrap(seed, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = JSON.readTree(new String(seed, 8, headerLen, StandardCharsets.UTF_8));
        byte[] json = JSON.writeValueAsBytes(Mutate.json(header, random));
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + seed.length - 8 - headerLen).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(seed, 8 + headerLen, seed.length - 8 - headerLen);
        return out.array();
    }
}
