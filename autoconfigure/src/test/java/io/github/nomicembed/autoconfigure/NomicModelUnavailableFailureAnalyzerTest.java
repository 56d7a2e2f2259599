package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** A model that cannot be found is analysed into a short report naming the model and the ways out. */
class NomicModelUnavailableFailureAnalyzerTest {

    @TempDir
    Path emptyCache;

    @Test
    void theAnalyzerIsRegisteredForEveryApplication() throws IOException {
        List<String> analyzers = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader()
                .getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION))) {
            Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(url));
            analyzers.add(factories.getProperty(FailureAnalyzer.class.getName(), ""));
        }

        assertThat(analyzers).anySatisfy(names -> assertThat(names)
                .contains(NomicModelUnavailableFailureAnalyzer.class.getName()));
    }

    @Test
    void aModelMissingFromTheOfflineCacheGivesTheShortReport() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NomicEmbeddingAutoConfiguration.class))
                .withPropertyValues("nomic.embedding.device=cpu", "nomic.embedding.offline=true",
                        "nomic.embedding.cache-dir=" + emptyCache, "nomic.embedding.model-id=acme/missing-model")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    FailureAnalysis analysis = new NomicModelUnavailableFailureAnalyzer()
                            .analyze(ctx.getStartupFailure());

                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).startsWith("The nomic-embed model could not be loaded: ")
                            .contains("acme/missing-model", emptyCache.toString(), "offline");
                    assertThat(analysis.getAction()).contains("acme/missing-model (nomic.embedding.model-id)",
                            "Hugging Face Hub", "nomic.embedding.model-path=", "nomic.embedding.cache-dir");
                });
    }

    @Test
    void otherFailuresAreLeftToOtherAnalyzers() {
        assertThat(new NomicModelUnavailableFailureAnalyzer().analyze(new IllegalStateException("something else")))
                .isNull();
    }
}
