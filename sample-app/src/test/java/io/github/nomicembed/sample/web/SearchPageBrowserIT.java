package io.github.nomicembed.sample.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.ExternalTools;
import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.SharedAppIT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The search page in headless Chromium ({@code src/test/node/search-page.mjs}, playwright-core driving the
 * system's chromium): it shows the model and the offline demo banner, adds a document through the form,
 * searches for it and ranks it first. Leaves a screenshot at {@code target/search-page.png} (the one in
 * {@code docs/images/} is a copy).
 */
class SearchPageBrowserIT extends SharedAppIT {

    static final Path SCREENSHOT = Path.of("target/search-page.png").toAbsolutePath();

    @Test
    void aDocumentAddedOnThePageIsFoundFirstBySearchingOnThePage() throws Exception {
        ExternalTools.requireNodePackages("playwright-core");
        ExternalTools.requireChromium();
        http().postJson("/documents", Http.json(Map.of("documents", List.of(
                Map.of("text", "Berlin is the capital of Germany.", "metadata", Map.of("source", "seed")),
                Map.of("text", "Paris is the capital of France.", "metadata", Map.of("source", "seed")),
                Map.of("text", "Photosynthesis turns light into chemical energy.")))));
        String text = "The Danube flows through Vienna, Bratislava and Budapest.";
        Files.deleteIfExists(SCREENSHOT);

        JsonNode out = ExternalTools.runNodeScript(180, "search-page.mjs", "http://127.0.0.1:" + port,
                SCREENSHOT.toString(), text, text, API_KEY);

        assertThat(out.get("pageErrors").size()).as("browser errors: %s", out.get("pageErrors")).isZero();
        assertThat(out.at("/banner/visible").asBoolean()).isTrue();
        assertThat(out.at("/banner/text").asString()).contains("OFFLINE DEMO", "MEANINGLESS");
        assertThat(out.get("modelLine").asString())
                .contains(embedder.options().modelName(), embedder.dimensions() + " dimensions");
        assertThat(out.get("addStatus").asString()).startsWith("Added ");
        JsonNode hits = out.get("hits");
        assertThat(hits.size()).isEqualTo(3);
        assertThat(hits.get(0).get("text").asString()).isEqualTo(text);
        assertThat(hits.get(0).get("metadata").asString()).contains("search page");
        assertThat(out.get("addStatus").asString()).endsWith(hits.get(0).get("id").asString());
        assertThat(hits.get(0).get("score").asDouble()).isGreaterThan(hits.get(1).get("score").asDouble());
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
}
