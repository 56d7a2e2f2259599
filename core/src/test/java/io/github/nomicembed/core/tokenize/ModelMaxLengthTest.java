package io.github.nomicembed.core.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.config.ModelConfigException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional tokenizer_config.json's model_max_length caps the sequence length. */
class ModelMaxLengthTest {

    @TempDir
    Path tmp;

    Path modelWithTokenizerConfig(String json) throws IOException, URISyntaxException {
        Path src = Paths.get(getClass().getResource("/tiny-nomic-moe/config.json").toURI()).getParent();
        Path dir = Files.createDirectories(tmp.resolve("m"));
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("tokenizer_config.json"), json);
        return dir;
    }

    @Test
    void shorterTokenizerLimitTruncatesEarlier() throws Exception {
        Path dir = modelWithTokenizerConfig("{\"model_max_length\": 10, \"pad_token\": \"<pad>\"}");
        try (NomicEmbedder e = NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu").build())) {
            assertThat(e.info().maxSequenceLength()).isEqualTo(10);
            assertThat(e.embed(List.of("The quick brown fox jumps over the lazy dog"), EmbeddingTask.QUERY)
                    .tokenCounts()).containsExactly(10);
        }
    }

    @Test
    void transformersNoLimitSentinelIsIgnored() throws Exception {
        Path dir = modelWithTokenizerConfig("{\"model_max_length\": 1000000000000000019884624838656}");
        try (NomicEmbedder e = NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu").build())) {
            assertThat(e.info().maxSequenceLength()).isEqualTo(512);
        }
    }

    @Test
    void brokenTokenizerConfigIsNamed() throws Exception {
        Path dir = modelWithTokenizerConfig("{ nope");
        assertThatThrownBy(() -> NomicEmbedder.load(dir, EmbedderOptions.builder().optDevice("cpu").build()))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("tokenizer_config.json");
    }
}
