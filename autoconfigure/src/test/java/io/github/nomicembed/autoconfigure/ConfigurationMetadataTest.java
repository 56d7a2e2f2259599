package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.fixture.TinyModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The generated configuration metadata documents every property (IDE completion and docs). */
class ConfigurationMetadataTest {

    static final String[] PROPERTIES = {"model-path", "model-id", "revision", "cache-dir", "offline", "hub-endpoint", "hub-token", "device", "dtype",
        "dimensions", "default-task", "query-prefix", "document-prefix", "batch-size", "max-batch-tokens",
        "max-sequence-length", "truncation", "threads", "metadata-mode", "prompts", "cpu.blas-fast-path", "cpu.pack-weights",
        "scheduler.small-request-tokens", "native-memory.trim", "native-memory.trim-threshold"};

    static Map<String, JsonNode> properties() throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class
                .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated spring-configuration-metadata.json").isNotNull();
            Map<String, JsonNode> byName = new HashMap<>();
            for (JsonNode p : JsonMapper.builder().build().readTree(in).get("properties")) {
                byName.put(p.get("name").asString(), p);
            }
            return byName;
        }
    }

    @Test
    void everyPropertyHasADescription() throws IOException {
        Map<String, JsonNode> byName = properties();
        for (String p : PROPERTIES) {
            JsonNode node = byName.get("nomic.embedding." + p);
            assertThat(node).as(p).isNotNull();
            assertThat(node.get("description")).as(p + " description").isNotNull();
            assertThat(node.get("description").asString()).as(p + " description").isNotBlank();
        }
    }

    @Test
    void everySplitterAndCachePropertyHasADescription() throws IOException {
        Map<String, JsonNode> byName = properties();
        for (String p : new String[] {"splitter.enabled", "splitter.max-tokens", "splitter.overlap-tokens",
            "cache.enabled", "cache.max-bytes", "cache.max-entries", "cache.cache-name"}) {
            JsonNode node = byName.get("nomic.embedding." + p);
            assertThat(node).as(p).isNotNull();
            assertThat(node.get("description")).as(p + " description").isNotNull();
            assertThat(node.get("description").asString()).as(p + " description").isNotBlank();
        }
        assertThat(byName.get("nomic.embedding.cache.enabled").get("defaultValue").asBoolean()).isFalse();
        assertThat(byName.get("nomic.embedding.cache.max-bytes").get("defaultValue").asString()).isEqualTo("256MB");
        assertThat(byName.get("nomic.embedding.splitter.overlap-tokens").get("defaultValue").asInt()).isZero();
    }

    @Test
    void defaultsAreRecorded() throws IOException {
        Map<String, JsonNode> byName = properties();
        assertThat(byName.get("nomic.embedding.model-id").get("defaultValue").asString())
                .isEqualTo("nomic-ai/nomic-embed-text-v2-moe");
        assertThat(byName.get("nomic.embedding.default-task").get("defaultValue").asString()).isEqualTo("document");
        assertThat(byName.get("nomic.embedding.device").get("defaultValue").asString()).isEqualTo("auto");
    }

    @Test
    void everyPromptOfTheModelIsOfferedAsADefaultTaskHint() throws IOException {
        JsonNode prompts;
        try (InputStream in = TinyModel.modelPrompts()) {
            prompts = JsonMapper.builder().build().readTree(in).get("prompts");
        }
        List<String> hinted = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            for (JsonNode hint : JsonMapper.builder().build().readTree(in).get("hints")) {
                if (hint.get("name").asString().equals("nomic.embedding.default-task")) {
                    hint.get("values").forEach(v -> {
                        assertThat(v.get("description").asString()).as(v.toString()).isNotBlank();
                        hinted.add(v.get("value").asString());
                    });
                }
            }
        }
        List<String> expected = new ArrayList<>(List.of("document", "none"));
        prompts.propertyNames().forEach(expected::add);
        assertThat(hinted).containsExactlyInAnyOrderElementsOf(expected);
    }
}
