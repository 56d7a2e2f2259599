package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.TruncationPolicy;
import io.github.nomicembed.core.fixture.TinyModel;
import io.github.nomicembed.springai.NomicBatchingStrategy;
import io.github.nomicembed.springai.NomicEmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import ai.djl.engine.StandardCapabilities;
import io.github.nomicembed.core.runtime.ComputeType;
import io.github.nomicembed.core.runtime.PyTorchRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.embedding.BatchingStrategy;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.TokenCountBatchingStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/** Conditions, back-off, property binding and lifecycle of the auto-configuration. */
class NomicEmbeddingAutoConfigurationTest {

    @Test
    void embeddingModelIsCreatedWhenTheSelectorIsUnset() {
        ContextRunners.tinyModel().run(ctx -> assertThat(ctx).hasSingleBean(EmbeddingModel.class)
                .getBean(EmbeddingModel.class).isInstanceOf(NomicEmbeddingModel.class));
    }

    @Test
    void embeddingModelIsCreatedWhenTheSelectorIsNomic() {
        ContextRunners.tinyModel().withPropertyValues("spring.ai.model.embedding=nomic")
                .run(ctx -> assertThat(ctx).hasSingleBean(NomicEmbeddingModel.class));
    }

    @Test
    void nothingIsCreatedNorLoadedWhenAnotherModelIsSelected() {
        ContextRunners.tinyModel().withPropertyValues("spring.ai.model.embedding=openai")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(NomicEmbeddingModel.class)
                        .doesNotHaveBean(NomicEmbedder.class).doesNotHaveBean(BatchingStrategy.class));
    }

    @Test
    void userEmbeddingModelBeanWins() {
        ContextRunners.tinyModel().withUserConfiguration(UserModel.class)
                .run(ctx -> assertThat(ctx).hasSingleBean(NomicEmbeddingModel.class)
                        .getBean(NomicEmbeddingModel.class).isSameAs(ctx.getBean("myModel")));
    }

    @Test
    void userBatchingStrategyBeanWins() {
        ContextRunners.tinyModel().withUserConfiguration(UserBatching.class)
                .run(ctx -> assertThat(ctx).hasSingleBean(BatchingStrategy.class)
                        .getBean(BatchingStrategy.class).isInstanceOf(TokenCountBatchingStrategy.class));
    }

    @Test
    void userModelDirectoryResolverIsUsed() {
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations
                        .of(NomicEmbeddingAutoConfiguration.class))
                .withPropertyValues("nomic.embedding.device=cpu")
                .withUserConfiguration(UserResolver.class)
                .run(ctx -> assertThat(ctx.getBean(NomicEmbedder.class).info().modelDir()).isEqualTo(TinyModel.dir()));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void float16WithDeviceAutoRunsFloat32OnAHostWithoutCudaAndWarns(CapturedOutput output) {
        Assumptions.assumeFalse(PyTorchRuntime.engine(0).hasCapability(StandardCapabilities.CUDA),
                "a CUDA libtorch is loaded");
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.device=auto", "nomic.embedding.dtype=float16")
                .run(ctx -> {
                    NomicEmbedder embedder = ctx.getBean(NomicEmbedder.class);
                    assertThat(embedder.info().dtype()).isEqualTo(ComputeType.FLOAT32);
                    assertThat(embedder.info().device().isGpu()).isFalse();
                    assertThat(ctx.getBean(NomicEmbeddingModel.class).embed("x")).hasSize(embedder.dimensions());
                });
        assertThat(output.getAll().lines().filter(l -> l.contains("WARN") && l.contains("float16")))
                .singleElement().asString().contains("running float32 on CPU");
    }

    @Test
    void propertiesBindIntoTheEmbedderAndTheModel() {
        int dims = TinyModel.hiddenSize() / 2;
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.dimensions=" + dims,
                "nomic.embedding.default-task=query", "nomic.embedding.batch-size=4",
                "nomic.embedding.max-batch-tokens=100", "nomic.embedding.max-sequence-length=64",
                "nomic.embedding.truncation=error", "nomic.embedding.threads=1",
                "nomic.embedding.model-id=acme/tiny-nomic", "nomic.embedding.metadata-mode=embed")
                .withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource(
                        "prefixes", Map.of("nomic.embedding.query-prefix", "q: ", "nomic.embedding.document-prefix", "d: "))))
                .run(ctx -> {
                    NomicEmbedder embedder = ctx.getBean(NomicEmbedder.class);
                    assertThat(embedder.options().batchSize()).isEqualTo(4);
                    assertThat(embedder.options().maxBatchTokens()).isEqualTo(100);
                    assertThat(embedder.info().maxSequenceLength()).isEqualTo(64);
                    assertThat(embedder.options().truncation()).isEqualTo(TruncationPolicy.ERROR);
                    assertThat(embedder.options().threads()).isEqualTo(1);
                    assertThat(embedder.info().prefixes().query()).isEqualTo("q: ");
                    assertThat(embedder.info().prefixes().document()).isEqualTo("d: ");
                    NomicEmbeddingModel model = ctx.getBean(NomicEmbeddingModel.class);
                    assertThat(model.dimensions()).isEqualTo(dims);
                    assertThat(model.getDefaultOptions().getPromptName()).isEqualTo("query");
                    assertThat(model.getDefaultOptions().getModel()).isEqualTo("acme/tiny-nomic");
                    assertThat(model.getMetadataMode()).isEqualTo(MetadataMode.EMBED);
                    NomicBatchingStrategy batching = ctx.getBean(NomicBatchingStrategy.class);
                    assertThat(batching.maxBatchSize()).isEqualTo(4);
                    assertThat(batching.maxBatchTokens()).isEqualTo(100);
                });
    }

    @Test
    void dimensionsDefaultToTheModelsHiddenSize() {
        ContextRunners.tinyModel().run(ctx -> assertThat(ctx.getBean(EmbeddingModel.class).dimensions())
                .isEqualTo(TinyModel.hiddenSize()));
    }

    @Test
    void injectedEmbeddingModelEmbedsQueriesAndDocumentsWithTheirPrefixes() {
        ContextRunners.tinyModel().run(ctx -> {
            EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
            NomicEmbedder embedder = ctx.getBean(NomicEmbedder.class);
            String text = "the capital of Germany";
            assertThat(model.embed(text)).isEqualTo(
                    embedder.embed(List.of("search_query: " + text), EmbeddingTask.NONE).vectors().get(0));
            assertThat(model.embed(new Document(text))).isEqualTo(
                    embedder.embed(List.of("search_document: " + text), EmbeddingTask.NONE).vectors().get(0));
        });
    }

    @Test
    void modelIsClosedWithTheContext() {
        AtomicReference<NomicEmbedder> embedder = new AtomicReference<>();
        ContextRunners.tinyModel().run(ctx -> {
            embedder.set(ctx.getBean(NomicEmbedder.class));
            assertThat(embedder.get().isClosed()).isFalse();
        });
        assertThat(embedder.get().isClosed()).isTrue();
    }

    @Configuration(proxyBeanMethods = false)
    static class UserModel {
        @Bean
        NomicEmbeddingModel myModel(NomicEmbedder embedder) {
            return new NomicEmbeddingModel(embedder);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBatching {
        @Bean
        BatchingStrategy myBatching() {
            return new TokenCountBatchingStrategy();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserResolver {
        @Bean
        ModelDirectoryResolver myResolver() {
            return () -> Path.of(TinyModel.dir().toString());
        }
    }
}
