package io.github.nomicembed.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompt names as the real model's config_sentence_transformers.json defines them. */
class PromptsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void realModelPromptsFile() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/model-prompts/" + Prompts.FILE)) {
            Files.copy(in, dir.resolve(Prompts.FILE));
        }
    }

    private Prompts resolve() {
        return Prompts.resolve(dir, null, null, Map.of());
    }

    @Test
    void everyPromptOfTheModelFileIsSelectableByNameInFileOrder() {
        Prompts p = resolve();
        assertThat(p.byName()).containsExactly(
                Map.entry("query", "search_query: "), Map.entry("passage", "search_document: "),
                Map.entry("BitextMining", "classification: "), Map.entry("Classification", "classification: "),
                Map.entry("MultilabelClassification", "classification: "), Map.entry("Clustering", "clustering: "),
                Map.entry("PairClassification", "classification: "), Map.entry("STS", "classification: "),
                Map.entry("Summarization", "classification: "), Map.entry("Speed", "search_document: "));
        assertThat(p.apply("x", "Clustering")).isEqualTo("clustering: x");
        assertThat(p.apply("x", "STS")).isEqualTo("classification: x");
    }

    @Test
    void documentAndNoneAreAliasesBesideTheNames() {
        Prompts p = resolve();
        assertThat(p.apply("x", "document")).isEqualTo("search_document: x");
        assertThat(p.apply("x", "passage")).isEqualTo("search_document: x");
        assertThat(p.apply("x", "none")).isEqualTo("x");
        assertThat(p.names()).endsWith("document", "none").contains("Clustering", "query");
    }

    @Test
    void namesMatchIgnoringCaseWhenNoExactNameExists() {
        Prompts p = resolve();
        assertThat(p.apply("x", "clustering")).isEqualTo("clustering: x");
        assertThat(p.apply("x", "QUERY")).isEqualTo("search_query: x");
        assertThat(p.apply("x", "None")).isEqualTo("x");
    }

    @Test
    void anUnknownNameIsRefusedListingEveryAllowedName() {
        assertThatThrownBy(() -> resolve().prefix("Retrieval"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Retrieval'")
                .hasMessageContaining("query, passage, BitextMining, Classification")
                .hasMessageContaining("Speed, document, none");
    }

    @Test
    void aNullNameIsRefusedListingTheAllowedNames() {
        assertThatThrownBy(() -> resolve().prefix(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be null").hasMessageContaining("Clustering");
    }

    @Test
    void aTextWithAnyKnownPrefixIsNeverPrefixedTwice() {
        Prompts p = resolve();
        assertThat(p.apply("clustering: x", "query")).isEqualTo("clustering: x");
        assertThat(p.apply("classification: x", "Clustering")).isEqualTo("classification: x");
        assertThat(p.apply("search_query: x", "STS")).isEqualTo("search_query: x");
    }

    @Test
    void userPromptsAreAddedAfterTheModelsAndAreKnownPrefixes() {
        Map<String, String> user = new LinkedHashMap<>();
        user.put("code", "search_code: ");
        user.put("Clustering", "cluster this: ");
        Prompts p = Prompts.resolve(dir, null, null, user);
        assertThat(p.apply("x", "code")).isEqualTo("search_code: x");
        assertThat(p.apply("x", "Clustering")).isEqualTo("cluster this: x");
        assertThat(p.apply("search_code: x", "query")).isEqualTo("search_code: x");
        assertThat(p.byName().keySet()).endsWith("Speed", "code");
    }

    @Test
    void queryAndDocumentOverridesReplaceTheirPromptsAndTheFilesStayKnown() {
        Prompts p = Prompts.resolve(dir, "Q> ", "D> ", Map.of());
        assertThat(p.apply("x", "query")).isEqualTo("Q> x");
        assertThat(p.apply("x", "document")).isEqualTo("D> x");
        assertThat(p.apply("x", "Speed")).isEqualTo("search_document: x");
        assertThat(p.apply("search_query: x", "document")).isEqualTo("search_query: x");
    }

    @Test
    void aModelWithoutPromptsFileHasTheModelCardQueryAndPassage() throws IOException {
        Files.delete(dir.resolve(Prompts.FILE));
        assertThat(resolve().byName()).containsExactly(Map.entry("query", "search_query: "),
                Map.entry("passage", "search_document: "));
    }

    @Test
    void aFileThatNamesTheDocumentPromptDocumentGivesThePassagePrompt() throws IOException {
        Files.writeString(dir.resolve(Prompts.FILE), "{\"prompts\": {\"query\": \"q: \", \"document\": \"d: \"}}");
        Prompts p = resolve();
        assertThat(p.byName()).containsExactly(Map.entry("query", "q: "), Map.entry("passage", "d: "));
        assertThat(p.apply("x", "document")).isEqualTo("d: x");
    }

    @Test
    void builtInNamesCannotBeAddedAsUserPrompts() {
        for (String name : new String[] {"query", "Passage", "document", "none"}) {
            assertThatThrownBy(() -> Prompts.checkUserPrompt(name, "p: "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + name + "' is built in");
        }
    }

    @Test
    void userPromptNamesAndPrefixesAreChecked() {
        assertThatThrownBy(() -> Prompts.checkUserPrompt("my prompt", "p: "))
                .hasMessageContaining("'my prompt' is invalid").hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> Prompts.checkUserPrompt("code", ""))
                .hasMessageContaining("'code' needs a non-empty prefix");
    }
}
