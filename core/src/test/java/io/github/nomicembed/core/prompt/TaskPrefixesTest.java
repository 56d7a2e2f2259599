package io.github.nomicembed.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.EmbeddingTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskPrefixesTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheModelCardPrefixes() {
        TaskPrefixes p = TaskPrefixes.resolve(dir, null, null);
        assertThat(p.apply("What is RAG?", EmbeddingTask.QUERY)).isEqualTo("search_query: What is RAG?");
        assertThat(p.apply("RAG is ...", EmbeddingTask.DOCUMENT)).isEqualTo("search_document: RAG is ...");
        assertThat(p.apply("as is", EmbeddingTask.NONE)).isEqualTo("as is");
    }

    @Test
    void aTextWithAKnownPrefixIsNeverPrefixedTwice() {
        TaskPrefixes p = TaskPrefixes.resolve(dir, null, null);
        assertThat(p.apply("search_query: x", EmbeddingTask.QUERY)).isEqualTo("search_query: x");
        assertThat(p.apply("search_query: x", EmbeddingTask.DOCUMENT)).isEqualTo("search_query: x");
        assertThat(p.apply("search_document: x", EmbeddingTask.QUERY)).isEqualTo("search_document: x");
    }

    @Test
    void sentenceTransformersPromptsAreUsedAndKnown() throws IOException {
        Files.writeString(dir.resolve("config_sentence_transformers.json"), """
                {"prompts": {"query": "q: ", "passage": "p: ", "Clustering": "clustering: "},
                 "default_prompt_name": null}""");
        TaskPrefixes p = TaskPrefixes.resolve(dir, null, null);
        assertThat(p.apply("x", EmbeddingTask.QUERY)).isEqualTo("q: x");
        assertThat(p.apply("x", EmbeddingTask.DOCUMENT)).isEqualTo("p: x");
        assertThat(p.apply("clustering: x", EmbeddingTask.QUERY)).isEqualTo("clustering: x");
    }

    @Test
    void configuredPrefixesOverrideTheModelsPrompts() throws IOException {
        Files.writeString(dir.resolve("config_sentence_transformers.json"), "{\"prompts\": {\"query\": \"q: \"}}");
        TaskPrefixes p = TaskPrefixes.resolve(dir, "Q> ", "D> ");
        assertThat(p.apply("x", EmbeddingTask.QUERY)).isEqualTo("Q> x");
        assertThat(p.apply("x", EmbeddingTask.DOCUMENT)).isEqualTo("D> x");
        assertThat(p.apply("q: x", EmbeddingTask.DOCUMENT)).isEqualTo("q: x");
    }

    @Test
    void emptyTextGetsTheBarePrefix() {
        assertThat(TaskPrefixes.resolve(dir, null, null).apply("", EmbeddingTask.QUERY)).isEqualTo("search_query: ");
    }
}
