package io.github.nomicembed.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.fuzz.Fuzz;
import io.github.nomicembed.core.fuzz.Mutate;
import io.github.nomicembed.core.fuzz.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Hostile {@code config_sentence_transformers.json} files (see {@link Fuzz}): {@link Prompts#resolve} must refuse
 * each with a {@code ModelConfigException} naming the file, or resolve prompts that still have a query and a
 * document prefix.
 */
class PromptsFuzzTest {

    private static final JsonNode SEED = Seeds.json("model-prompts/" + Prompts.FILE);

    @Test
    void hostilePromptFilesEndInAClearErrorOrUsablePrompts() {
        Path dir = Seeds.scratch("prompts");
        Fuzz.Report report = Fuzz.run(Prompts.FILE, 4, Seeds::modelFileRefusal, (random, input) -> {
            byte[] bytes = Mutate.jsonFile(SEED, random);
            input.record(bytes);
            Files.write(dir.resolve(Prompts.FILE), bytes);
            Prompts prompts = Prompts.resolve(dir, null, null, Map.of());
            assertThat(prompts.prefix(Prompts.QUERY)).isNotNull();
            assertThat(prompts.prefix(Prompts.PASSAGE)).isNotNull();
            assertThat(prompts.apply("text", Prompts.QUERY)).endsWith("text");
        });
        assertThat(report.accepted()).isPositive();
    }
}
