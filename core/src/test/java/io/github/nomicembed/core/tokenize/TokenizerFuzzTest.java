package io.github.nomicembed.core.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.fuzz.Fuzz;
import io.github.nomicembed.core.fuzz.Mutate;
import io.github.nomicembed.core.fuzz.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Hostile {@code tokenizer.json} and {@code tokenizer_config.json} files (see {@link Fuzz}). The tokenizer is native
 * code (the Hugging Face Rust library): a panic there would take the JVM down, so every variant is also encoded
 * with, counted, and truncated; each must be refused at load with a {@code ModelConfigException} naming the file,
 * or work.
 */
class TokenizerFuzzTest {

    private static final JsonNode TOKENIZER = Seeds.json("tiny-nomic-moe/tokenizer.json");
    private static final String[] TEXTS = {"", "a", "Hello, world!", "x".repeat(3000),
        "\u00e9\u00e8 \uD83D\uDE00 \u4e2d\u6587 \u0000 \uFFFD", "<s> </s> <pad> <unk> <mask>", "  \t\n "};

    @Test
    void hostileTokenizersEndInAClearErrorOrTokenize() {
        Path file = Seeds.scratch("tokenizer").resolve("tokenizer.json");
        Fuzz.Report report = Fuzz.run("tokenizer.json", 15, Seeds::modelFileRefusal, (random, input) -> {
            byte[] bytes = Mutate.jsonFile(TOKENIZER, random);
            input.record(bytes);
            Files.write(file, bytes);
            int maxLength = 2 + (random.nextInt(4) == 0 ? random.nextInt(4) : random.nextInt(600));
            try (NomicTokenizer tokenizer = new NomicTokenizer(file, maxLength)) {
                for (String text : TEXTS) {
                    Tokenized t = tokenizer.encode(text + random.nextInt());
                    assertThat(t.ids().length).isLessThanOrEqualTo(maxLength);
                    assertThat(tokenizer.countUntruncated(text)).isNotNegative();
                }
            }
        });
        assertThat(report.rejected()).isPositive();
        assertThat(report.accepted()).isPositive();
    }

    @Test
    void hostileTokenizerConfigsEndInAClearErrorOrAPositiveLimit() throws Exception {
        Path file = Seeds.scratch("tokenizer-config").resolve("tokenizer_config.json");
        JsonNode seed = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree("{\"model_max_length\": 512, \"pad_token\": \"<pad>\", \"added_tokens_decoder\": {}}");
        Fuzz.run("tokenizer_config.json", 3, Seeds::modelFileRefusal, (random, input) -> {
            byte[] bytes = Mutate.jsonFile(seed, random);
            input.record(bytes);
            Files.write(file, bytes);
            OptionalInt limit = TokenizerConfig.modelMaxLength(file);
            if (limit.isPresent()) {
                assertThat(limit.getAsInt()).isPositive();
            }
        });
    }
}
