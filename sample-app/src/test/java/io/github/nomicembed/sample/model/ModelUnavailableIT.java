package io.github.nomicembed.sample.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.sample.AppRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Without the offline demo profile and without the model (empty offline cache), startup fails with a short
 * report that says how to get going: hub access, a local model path, or the offline demo profile.
 */
@ExtendWith(OutputCaptureExtension.class)
class ModelUnavailableIT {

    @TempDir
    Path emptyCache;

    @Test
    void startupFailsWithTheWaysOutIncludingTheOfflineDemo(CapturedOutput output) {
        assertThatThrownBy(() -> AppRunner.start("default", "nomic.embedding.offline=true",
                "nomic.embedding.cache-dir=" + emptyCache, "app.store.dir=" + emptyCache.resolve("store")))
                .hasRootCauseInstanceOf(io.github.nomicembed.modelcache.ModelCacheException.class);

        assertThat(output).contains("APPLICATION FAILED TO START", "--spring.profiles.active=offline-demo",
                "nomic.embedding.model-path=");
    }
}
