package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.fixture.TinyModel;
import io.github.nomicembed.modelcache.ModelCache;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;

/** An invalid value fails startup with a message naming the property, the value and what is allowed. */
class InvalidPropertiesTest {

    @TempDir
    Path tmp;

    @Test
    void dimensionsAboveTheHiddenSizeFailStartup() {
        int hidden = TinyModel.hiddenSize();
        int tooMany = hidden + 1;
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.dimensions=" + tooMany).run(ctx -> assertThat(ctx)
                .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("nomic.embedding.dimensions").hasMessageContaining("'" + tooMany + "'")
                .hasMessageContaining("1.." + hidden));
    }

    @Test
    void zeroDimensionsFailStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.dimensions=0").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.dimensions")
                .hasMessageContaining("'0'"));
    }

    @Test
    void unknownDeviceFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.device=tpu").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("nomic.embedding.device").hasMessageContaining("'tpu'")
                .hasMessageContaining("auto, cpu, cuda, cuda:N"));
    }

    @Test
    void unavailableCudaDeviceFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.device=cuda:99").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.device")
                .hasMessageContaining("'cuda:99'").hasMessageContaining("cpu"));
    }

    @Test
    void unknownBlasFastPathFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.cpu.blas-fast-path=sometimes").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("nomic.embedding.cpu.blas-fast-path").hasMessageContaining("'sometimes'")
                .hasMessageContaining("auto, on, off"));
    }

    @Test
    void unknownTruncationFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.truncation=cut").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.truncation")
                .hasMessageContaining("'cut'").hasMessageContaining("truncate, error"));
    }

    @Test
    void unknownDtypeFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.dtype=int8").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.dtype")
                .hasMessageContaining("'int8'").hasMessageContaining("float32, float16"));
    }

    @Test
    void float16OnTheCpuFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.dtype=float16").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.dtype")
                .hasMessageContaining("'float16'").hasMessageContaining("float32"));
    }

    @Test
    void unknownDefaultTaskFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.default-task=search").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.default-task")
                .hasMessageContaining("'search'").hasMessageContaining("query, passage, document, none"));
    }

    @Test
    void anAddedPromptWithABuiltInNameFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.prompts.query=q: ").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.prompts.query")
                .hasMessageContaining("'query' is built in"));
    }

    @Test
    void anAddedPromptWithAnEmptyPrefixFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.prompts.code=").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.prompts.code")
                .hasMessageContaining("non-empty prefix"));
    }

    @Test
    void unknownMetadataModeFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.metadata-mode=some").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.metadata-mode")
                .hasMessageContaining("'some'").hasMessageContaining("none, embed, inference, all"));
    }

    @Test
    void maxSequenceLengthAbove512FailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.max-sequence-length=1024").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.max-sequence-length")
                .hasMessageContaining("'1024'").hasMessageContaining("512"));
    }

    @Test
    void zeroBatchSizeFailsStartup() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.batch-size=0").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.batch-size")
                .hasMessageContaining("'0'").hasMessageContaining(">= 1"));
    }

    @Test
    void missingModelPathDirectoryFailsStartup() {
        Path missing = tmp.resolve("nope");
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.model-path=" + missing).run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.model-path")
                .hasMessageContaining(missing.toString()).hasMessageContaining("config.json"));
    }

    @Test
    void modelPathWithoutAModelFailsStartupNamingTheFile() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.model-path=" + tmp).run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining(tmp.resolve("config.json").toString()));
    }

    @Test
    void noModelPathWithoutTheModelCacheFailsStartupSayingWhatToSet() {
        ContextRunners.tinyModel().withPropertyValues("nomic.embedding.model-path=")
                .withClassLoader(new FilteredClassLoader(ModelCache.class)).run(ctx -> assertThat(ctx)
                        .getFailure().rootCause().isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("set nomic.embedding.model-path"));
    }
}
