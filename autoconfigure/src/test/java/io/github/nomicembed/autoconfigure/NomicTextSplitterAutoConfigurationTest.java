package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.springai.splitter.Chunk;
import io.github.nomicembed.springai.splitter.NomicTextSplitter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.transformer.splitter.TextSplitter;
import org.springframework.ai.transformer.splitter.TokenTextSplitter;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The NomicTextSplitter bean and its nomic.embedding.splitter.* settings. */
class NomicTextSplitterAutoConfigurationTest {

    private final ApplicationContextRunner runner = ContextRunners.tinyModel()
            .withConfiguration(AutoConfigurations.of(NomicTextSplitterAutoConfiguration.class));

    @Test
    void aSplitterCuttingToTheModelsWindowIsConfigured() {
        runner.run(ctx -> assertThat(ctx.getBean(NomicTextSplitter.class).maxTokens())
                .isEqualTo(ctx.getBean(NomicEmbedder.class).info().maxSequenceLength()));
    }

    @Test
    void maxTokensBoundsEveryChunk() {
        runner.withPropertyValues("nomic.embedding.splitter.max-tokens=40").run(ctx -> {
            List<Chunk> chunks = ctx.getBean(NomicTextSplitter.class).chunks("Berlin ist schön. ".repeat(50));
            assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> assertThat(c.tokens()).isLessThanOrEqualTo(40));
        });
    }

    @Test
    void overlapTokensIsApplied() {
        runner.withPropertyValues("nomic.embedding.splitter.overlap-tokens=8")
                .run(ctx -> assertThat(ctx.getBean(NomicTextSplitter.class).overlapTokens()).isEqualTo(8));
    }

    @Test
    void disablingTheSplitterLeavesNoBean() {
        runner.withPropertyValues("nomic.embedding.splitter.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(TextSplitter.class));
    }

    @Test
    void anApplicationsOwnSplitterReplacesIt() {
        runner.withBean(TextSplitter.class, () -> TokenTextSplitter.builder().build())
                .run(ctx -> assertThat(ctx).doesNotHaveBean(NomicTextSplitter.class).hasSingleBean(TextSplitter.class));
    }

    @Test
    void withoutSpringAisSplitterApiThereIsNoSplitter() {
        runner.withClassLoader(new FilteredClassLoader(TextSplitter.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(NomicTextSplitter.class));
    }

    @Test
    void maxTokensOverTheWindowFailsStartupWithTheAllowedRange() {
        runner.withPropertyValues("nomic.embedding.splitter.max-tokens=100000").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("nomic.embedding.splitter.max-tokens").hasMessageContaining("'100000'")
                .hasMessageContaining("more than the model reads").hasMessageContaining("..512"));
    }

    @Test
    void zeroMaxTokensFailsStartup() {
        runner.withPropertyValues("nomic.embedding.splitter.max-tokens=0").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.splitter.max-tokens")
                .hasMessageContaining("'0'"));
    }

    @Test
    void anOverlapOfHalfAChunkOrMoreFailsStartup() {
        runner.withPropertyValues("nomic.embedding.splitter.overlap-tokens=400").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("nomic.embedding.splitter.overlap-tokens").hasMessageContaining("'400'")
                .hasMessageContaining("allowed: 0.."));
    }

    @Test
    void aNegativeOverlapFailsStartup() {
        runner.withPropertyValues("nomic.embedding.splitter.overlap-tokens=-1").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.splitter.overlap-tokens")
                .hasMessageContaining("'-1'"));
    }
}
