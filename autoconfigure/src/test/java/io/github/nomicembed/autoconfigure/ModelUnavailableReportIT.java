package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * A starter user whose model cannot be found (offline, empty cache, no model-path) gets Spring Boot's short
 * "APPLICATION FAILED TO START" report with the ways out, not the stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class ModelUnavailableReportIT {

    @TempDir
    Path emptyCache;

    @Test
    void aMissingModelEndsStartupWithTheShortReport(CapturedOutput output) {
        SpringApplication app = new SpringApplication(UserApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> app.run("--nomic.embedding.device=cpu", "--nomic.embedding.offline=true",
                "--nomic.embedding.cache-dir=" + emptyCache, "--nomic.embedding.model-id=acme/missing-model",
                "--spring.main.banner-mode=off"))
                .hasRootCauseInstanceOf(io.github.nomicembed.modelcache.ModelCacheException.class);

        assertThat(output).contains("APPLICATION FAILED TO START",
                "The nomic-embed model could not be loaded: Cannot get model acme/missing-model",
                "nomic.embedding.model-path=/path/to/nomic-embed-text-v2-moe")
                .doesNotContain("Caused by:");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(NomicEmbeddingAutoConfiguration.class)
    static class UserApp {
    }
}
