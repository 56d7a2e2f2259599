package io.github.nomicembed.modelcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression examples found by {@link HubAnswersFuzzIT}. */
class HostileHubAnswersIT {

    @TempDir
    Path cacheDir;

    @Test
    void anEmptyFileIsCachedInsteadOfFailingAsADiskError() throws Exception {
        // the download of a 0-byte file wrote nothing, and the checksum then failed on a missing file ("check disk space")
        try (FakeHub hub = new FakeHub()) {
            Map<String, FakeHub.Entry> files = FakeHub.nomicFiles(1000);
            files.put("tokenizer_config.json", FakeHub.text(""));
            hub.addCommit(TestCaches.REPO, "main", files);

            Path snapshot = TestCaches.builder(hub, cacheDir).build().resolve(TestCaches.REPO, "main");

            assertThat(snapshot.resolve("tokenizer_config.json")).isEmptyFile();
            assertThat(Files.readAllBytes(snapshot.resolve("config.json"))).isEqualTo(files.get("config.json").content());
        }
    }

    @Test
    void aMalformedContentLengthIsAProtocolErrorNotAnIllegalArgumentException() throws Exception {
        assertRefused("Content-Length", "1, 2", "Malformed HTTP answer from 127.0.0.1");
    }

    @Test
    void aSizeHeaderThatIsNotANumberIsAProtocolErrorNamingTheHeader() throws Exception {
        assertRefused("X-Linked-Size", "abc", "Unusable X-Linked-Size header 'abc'");
        assertRefused("X-Linked-Size", "99999999999999999999", "allowed: a non-negative number of bytes");
    }

    private void assertRefused(String header, String value, String message) throws Exception {
        try (HostileHub hub = new HostileHub()) {
            hub.next(new Random(1), 0);
            hub.alwaysSend(header, value);
            Path cache = Files.createTempDirectory(cacheDir, "cache");
            ModelCache modelCache = ModelCache.Builder.withEnvironment(Map.of(), cache.toString())
                    .optEndpoint(hub.endpoint()).optCacheDir(cache)
                    .optFiles(new ModelFiles(List.of("config.json"), List.of())).optMaxAttempts(1)
                    .optReadTimeout(Duration.ofSeconds(5)).build();

            assertThatThrownBy(() -> modelCache.resolve(TestCaches.REPO, "main"))
                    .isInstanceOf(ModelCacheException.class).hasMessageContaining(message)
                    .extracting(e -> ((ModelCacheException) e).reason()).isEqualTo(ModelCacheException.Reason.PROTOCOL);
        }
    }
}
