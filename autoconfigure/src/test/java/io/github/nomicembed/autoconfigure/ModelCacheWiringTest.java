package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import io.github.nomicembed.modelcache.ModelCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Without {@code model-path} the model comes from the model cache (offline here: tests never use the network). */
class ModelCacheWiringTest {

    static final String MODEL_ID = "acme/tiny-nomic-moe";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path cacheDir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NomicEmbeddingAutoConfiguration.class))
                .withPropertyValues("nomic.embedding.device=cpu", "nomic.embedding.cache-dir=" + cacheDir,
                        "nomic.embedding.offline=true", "nomic.embedding.model-id=" + MODEL_ID);
    }

    /** Puts the fixture into the cache as snapshot {@code COMMIT} of {@code MODEL_ID}. */
    Path cacheTheFixture() throws IOException {
        Path snapshot = ModelCache.builder(Map.of()).optCacheDir(cacheDir).build().layout()
                .snapshotDir(MODEL_ID, COMMIT);
        return TinyModel.copyTo(snapshot);
    }

    @Test
    void modelIsLoadedFromTheCacheWhenNoModelPathIsSet() throws IOException {
        Path snapshot = cacheTheFixture();
        runner().withPropertyValues("nomic.embedding.revision=" + COMMIT)
                .run(ctx -> assertThat(ctx.getBean(NomicEmbedder.class).info().modelDir()).isEqualTo(snapshot));
    }

    @Test
    void modelPathWinsOverTheCache() throws IOException {
        cacheTheFixture();
        runner().withPropertyValues("nomic.embedding.revision=" + COMMIT, "nomic.embedding.model-path=" + TinyModel.dir())
                .run(ctx -> assertThat(ctx.getBean(NomicEmbedder.class).info().modelDir()).isEqualTo(TinyModel.dir()));
    }

    @Test
    void offlineCacheMissFailsStartupNamingTheModelAndTheAlternative() {
        runner().withPropertyValues("nomic.embedding.revision=" + COMMIT).run(ctx -> assertThat(ctx)
                .getFailure().hasRootCauseInstanceOf(io.github.nomicembed.modelcache.ModelCacheException.class)
                .hasStackTraceContaining("Cannot get model " + MODEL_ID + " (nomic.embedding.model-id)")
                .hasStackTraceContaining("set nomic.embedding.model-path"));
    }

    @Test
    void hubEndpointAndTokenPropertiesReachTheModelCache() throws IOException {
        java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hub = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        hub.start();
        try {
            String endpoint = "http://127.0.0.1:" + hub.getAddress().getPort();
            runner().withPropertyValues("nomic.embedding.offline=false", "nomic.embedding.revision=" + COMMIT,
                    "nomic.embedding.hub-endpoint=" + endpoint, "nomic.embedding.hub-token=hf_secret_token")
                    .run(ctx -> {
                        assertThat(ctx).getFailure().hasStackTraceContaining("nomic.embedding.model-path");
                        assertThat(ctx.getStartupFailure().toString()).doesNotContain("hf_secret_token");
                    });
            assertThat(requests).isNotEmpty();
            assertThat(requests.get(0)).startsWith("/" + MODEL_ID + "/resolve/" + COMMIT + "/")
                    .endsWith("Bearer hf_secret_token");
        } finally {
            hub.stop(0);
        }
    }
}
