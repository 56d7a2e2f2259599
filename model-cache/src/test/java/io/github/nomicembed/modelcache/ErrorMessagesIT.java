package io.github.nomicembed.modelcache;

import static io.github.nomicembed.modelcache.TestCaches.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.nomicembed.modelcache.ModelCacheException.Reason;

class ErrorMessagesIT {

    @TempDir
    Path cacheDir;

    private FakeHub hub;
    private String commit;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        commit = hub.addCommit(REPO, "main", FakeHub.nomicFiles(1000));
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void unauthorizedWithoutTokenNamesHfToken() {
        hub.requireToken("hf_right");

        ModelCacheException e = resolveFails(TestCaches.builder(hub, cacheDir).build(), "main");

        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
        assertThat(e.getMessage()).contains("401", REPO, "'main'", "config.json", "No access token was sent",
                "HF_TOKEN");
        assertThat(hub.requests()).as("not retried").hasSize(1);
    }

    @Test
    void rejectedTokenIsReportedWithoutRevealingIt() {
        hub.requireToken("hf_right");

        ModelCacheException e = resolveFails(TestCaches.builder(hub, cacheDir).optToken("hf_wrong_token").build(),
                "main");

        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
        assertThat(e.getMessage()).contains("HF_TOKEN", "rejected").doesNotContain("hf_wrong_token");
    }

    @Test
    void gatedModelExplainsHowToGetAccess() {
        hub.setGated(true);

        ModelCacheException e = resolveFails(TestCaches.builder(hub, cacheDir).optToken("hf_any").build(), "main");

        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
        assertThat(e.getMessage()).contains("403", "accept its conditions", hub.endpoint() + "/" + REPO, "HF_TOKEN");
        assertThat(hub.requests()).hasSize(1);
    }

    @Test
    void missingRepositoryRevisionAndFileAreNamed() {
        ModelCache cache = TestCaches.builder(hub, cacheDir).build();

        ModelCacheException repo = catchThrowableOfType(ModelCacheException.class,
                () -> cache.resolve("nomic-ai/no-such-model", "main"));
        assertThat(repo.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(repo.getMessage()).contains("Repository nomic-ai/no-such-model not found", "404");

        ModelCacheException revision = catchThrowableOfType(ModelCacheException.class,
                () -> cache.resolve(REPO, "v9.9"));
        assertThat(revision.getMessage()).contains("Revision 'v9.9' not found in " + REPO);

        ModelCacheException file = catchThrowableOfType(ModelCacheException.class,
                () -> TestCaches.builder(hub, cacheDir)
                        .optFiles(new ModelFiles(java.util.List.of("config.json", "onnx/model.onnx"),
                                java.util.List.of()))
                        .build().resolve(REPO, "main"));
        assertThat(file.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(file.getMessage()).contains("'onnx/model.onnx'", REPO, "'main'", "404");
    }

    @Test
    void offlineWithEmptyCacheSaysWhatIsMissingAndHowToPrefetch() {
        ModelCache cache = TestCaches.builder(hub, cacheDir).optOffline(true).build();

        ModelCacheException e = resolveFails(cache, "main");

        assertThat(e.reason()).isEqualTo(Reason.OFFLINE_CACHE_MISS);
        assertThat(e.getMessage()).contains("Offline mode", REPO, "'main'", cacheDir.toString(),
                "prefetch " + REPO + " --revision main --cache-dir " + cacheDir, "HF_HUB_OFFLINE");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void offlineWithPartialSnapshotListsTheMissingFiles() {
        TestCaches.builder(hub, cacheDir).build().resolve(REPO, commit);
        new CacheLayout(cacheDir).snapshotFile(REPO, commit, "tokenizer.json").toFile().delete();
        hub.clearRequests();

        ModelCacheException e = catchThrowableOfType(ModelCacheException.class,
                () -> ModelCache.Builder.withEnvironment(Map.of("HF_HUB_OFFLINE", "1"), "/nonexistent")
                        .optCacheDir(cacheDir).optEndpoint(hub.endpoint()).build().resolve(REPO, commit));

        assertThat(e.reason()).isEqualTo(Reason.OFFLINE_CACHE_MISS);
        assertThat(e.getMessage()).contains("lacks [tokenizer.json]", commit);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void endpointThatIsNotAHubIsRecognized() {
        hub.hideCommitHeader();

        ModelCacheException e = resolveFails(TestCaches.builder(hub, cacheDir).build(), "main");

        assertThat(e.reason()).isEqualTo(Reason.PROTOCOL);
        assertThat(e.getMessage()).contains("X-Repo-Commit", "HF_ENDPOINT");
    }

    @Test
    void unreachableEndpointWithoutCacheGivesTheOfflineAdvice() {
        hub.close();

        ModelCacheException e = resolveFails(TestCaches.builder(hub, cacheDir).optMaxAttempts(2).build(), "main");

        assertThat(e.reason()).isEqualTo(Reason.NETWORK);
        assertThat(e.getMessage()).contains("config.json", REPO, "2 attempts", "HF_HUB_OFFLINE=1", "prefetch");
    }

    @Test
    void invalidArgumentsAreRejectedBeforeAnyRequest() {
        ModelCache cache = TestCaches.builder(hub, cacheDir).build();

        assertThatThrownBy(() -> cache.resolve("../etc", "main")).isInstanceOf(ModelCacheException.class)
                .hasMessageContaining("Invalid model id");
        assertThatThrownBy(() -> cache.resolve(REPO, "../../x")).isInstanceOf(ModelCacheException.class)
                .hasMessageContaining("Invalid revision");
        assertThat(hub.requests()).isEmpty();
    }

    private ModelCacheException resolveFails(ModelCache cache, String revision) {
        return catchThrowableOfType(ModelCacheException.class, () -> cache.resolve(REPO, revision));
    }
}
