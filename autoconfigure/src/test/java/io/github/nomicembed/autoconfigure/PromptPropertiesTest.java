package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import io.github.nomicembed.springai.NomicEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

/** default-task takes any prompt name of the model, and prompts.* adds prompts. */
class PromptPropertiesTest {

    @TempDir
    static Path tmp;

    static Path modelDir;

    /** The tiny fixture with the real model's config_sentence_transformers.json. */
    @BeforeAll
    static void modelWithThePromptsFile() throws IOException {
        modelDir = TinyModel.withModelPrompts(tmp.resolve("model"));
    }

    static ApplicationContextRunner runner() {
        return ContextRunners.tinyModel().withPropertyValues("nomic.embedding.model-path=" + modelDir);
    }

    /** Adds the code prompt untrimmed (TestPropertyValues trims the trailing space off a value). */
    static ApplicationContextRunner withCodePrompt(ApplicationContextRunner runner) {
        return runner.withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource(
                "prompts", Map.of("nomic.embedding.prompts.code", "search_code: "))));
    }

    static float[] callWithoutPrompt(NomicEmbeddingModel model) {
        return model.call(new EmbeddingRequest(List.of("x"), EmbeddingOptions.builder().build()))
                .getResult().getOutput();
    }

    static float[] asGiven(NomicEmbedder embedder, String text) {
        return embedder.embed(List.of(text), "none", embedder.dimensions()).vectors().get(0);
    }

    @Test
    void defaultTaskAcceptsAPromptNameOfTheModel() {
        runner().withPropertyValues("nomic.embedding.default-task=Clustering").run(ctx -> {
            NomicEmbeddingModel model = ctx.getBean(NomicEmbeddingModel.class);
            assertThat(model.getDefaultOptions().getPromptName()).isEqualTo("Clustering");
            assertThat(callWithoutPrompt(model)).containsExactly(asGiven(ctx.getBean(NomicEmbedder.class),
                    "clustering: x"));
        });
    }

    @Test
    void anAddedPromptIsSelectableByName() {
        withCodePrompt(runner()).run(ctx -> {
            NomicEmbedder embedder = ctx.getBean(NomicEmbedder.class);
            assertThat(embedder.info().prompts()).containsEntry("code", "search_code: ");
            assertThat(embedder.embed(List.of("x"), "code", embedder.dimensions()).vectors().get(0))
                    .containsExactly(asGiven(embedder, "search_code: x"));
        });
    }

    @Test
    void defaultTaskAcceptsAnAddedPrompt() {
        withCodePrompt(runner()).withPropertyValues("nomic.embedding.default-task=code")
                .run(ctx -> assertThat(callWithoutPrompt(ctx.getBean(NomicEmbeddingModel.class)))
                        .containsExactly(asGiven(ctx.getBean(NomicEmbedder.class), "search_code: x")));
    }

    @Test
    void unknownDefaultTaskFailsStartupListingTheModelsPrompts() {
        runner().withPropertyValues("nomic.embedding.default-task=Retrieval").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.default-task")
                .hasMessageContaining("'Retrieval'").hasMessageContaining("Clustering, PairClassification, STS"));
    }
}
