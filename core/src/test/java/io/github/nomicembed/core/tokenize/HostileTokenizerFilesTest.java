package io.github.nomicembed.core.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.config.ModelConfigException;
import io.github.nomicembed.core.fuzz.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Regression examples found by {@link TokenizerFuzzTest}. Before the checks, the first three crashed the JVM inside
 * the native tokenizer (SIGSEGV on a 1 MB thread stack, SIGABRT from Rust panics); each encoding here runs on a
 * thread with Java's default stack, as the engine's workers do.
 */
class HostileTokenizerFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aVeryLongVocabularyPieceIsRefusedBeforeTheNativeCode() throws Exception {
        ObjectNode tokenizer = seed();
        ((ArrayNode) tokenizer.at("/model/vocab/304")).set(0, "x".repeat(8000));

        assertThatThrownBy(() -> encodeOnAWorkerThread(write(tokenizer), "x".repeat(30_000)))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("8000 characters at /model/vocab/304/0")
                .hasMessageContaining("at most " + TokenizerFileCheck.MAX_PIECE_CHARS);
    }

    @Test
    void aTemplateSpecialTokenListedUnderAnotherKeyIsRefused() throws Exception {
        ObjectNode tokenizer = seed();
        ObjectNode specials = (ObjectNode) tokenizer.at("/post_processor/special_tokens");
        specials.set("<s>x", specials.remove("<s>"));

        assertThatThrownBy(() -> encodeOnAWorkerThread(write(tokenizer), "a"))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("/post_processor/special_tokens/<s>x is inconsistent");
    }

    @Test
    void aTemplateNamingAMissingSpecialTokenIsRefused() throws Exception {
        ObjectNode tokenizer = seed();
        ((ObjectNode) tokenizer.at("/post_processor/special_tokens")).remove("</s>");

        assertThatThrownBy(() -> encodeOnAWorkerThread(write(tokenizer), "a"))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("uses the special token \"</s>\"");
    }

    @Test
    void aTemplateThatRepeatsTheTextIsRefusedBecauseItBreaksTheLimit() throws Exception {
        ObjectNode tokenizer = seed();
        ArrayNode single = (ArrayNode) tokenizer.at("/post_processor/single");
        single.add(single.get(1).deepCopy());

        assertThatThrownBy(() -> encodeOnAWorkerThread(write(tokenizer), "a"))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("tokens for a text cut to 512");
    }

    @Test
    void aUnigramModelWithoutUnkIdIsRefusedAtLoadNotOnTheFirstUnknownCharacter() throws Exception {
        ObjectNode tokenizer = seed();
        ((ObjectNode) tokenizer.get("model")).remove("unk_id");

        assertThatThrownBy(() -> encodeOnAWorkerThread(write(tokenizer), "a"))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("outside its vocabulary").hasMessageContaining("unk_id");
    }

    @Test
    void veryDeepNestingIsRefused() throws Exception {
        ObjectNode tokenizer = seed();
        JsonNode deep = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 300; i++) {
            deep = JsonNodeFactory.instance.arrayNode().add(deep);
        }
        ((ObjectNode) tokenizer.get("decoder")).set("prepend_scheme", deep);

        assertThatThrownBy(() -> encodeOnAWorkerThread(write(tokenizer), "a"))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("nests deeper than " + TokenizerFileCheck.MAX_DEPTH);
    }

    @Test
    void aLimitWithoutRoomForTheSpecialTokensIsRefused() throws Exception {
        Path file = write(seed());
        assertThatThrownBy(() -> new NomicTokenizer(file, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowed: 2 or more");
        Path config = tmp.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"model_max_length\": 1.5}");
        assertThatThrownBy(() -> TokenizerConfig.modelMaxLength(config)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("allowed: 2 or more");
    }

    @Test
    void theRealShapeOfTheFilePassesTheChecks() throws Exception {
        assertThat(encodeOnAWorkerThread(write(seed()), "x".repeat(30_000))).isEqualTo(512);
    }

    private static ObjectNode seed() {
        return (ObjectNode) Seeds.json("tiny-nomic-moe/tokenizer.json");
    }

    private Path write(JsonNode tokenizer) throws Exception {
        Path file = tmp.resolve("tokenizer.json");
        Files.writeString(file, tokenizer.toString());
        return file;
    }

    /** Loads and encodes on a new thread with the default stack size; returns the token count. */
    private static int encodeOnAWorkerThread(Path file, String text) throws Exception {
        int[] count = new int[1];
        RuntimeException[] failure = new RuntimeException[1];
        Thread worker = new Thread(() -> {
            try (NomicTokenizer tokenizer = new NomicTokenizer(file, 512)) {
                count[0] = tokenizer.encode(text).ids().length;
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        });
        worker.start();
        worker.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return count[0];
    }
}
