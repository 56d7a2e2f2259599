package io.github.nomicembed.modelcache;

import static io.github.nomicembed.modelcache.TestCaches.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheDownloadIT {

    @TempDir
    Path cacheDir;

    private FakeHub hub;
    private Map<String, FakeHub.Entry> files;
    private String commit;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        files = FakeHub.nomicFiles(1_500_000);
        commit = hub.addCommit(REPO, "main", files);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void firstStartDownloadsIntoHubLayoutAndSecondStartMakesNoRequest() throws IOException {
        TestCaches.RecordingListener listener = new TestCaches.RecordingListener();
        Path snapshot = TestCaches.builder(hub, cacheDir).optProgressListener(listener).build()
                .resolve(REPO, commit);

        Path repoDir = cacheDir.resolve("models--nomic-ai--nomic-embed-text-v2-moe");
        assertThat(snapshot).isEqualTo(repoDir.resolve("snapshots").resolve(commit));
        for (Map.Entry<String, FakeHub.Entry> e : files.entrySet()) {
            Path link = snapshot.resolve(e.getKey());
            assertThat(Files.isSymbolicLink(link)).as(e.getKey()).isTrue();
            assertThat(Files.readSymbolicLink(link).toString()).isEqualTo("../../blobs/" + e.getValue().etag());
            assertThat(Files.readAllBytes(link)).isEqualTo(e.getValue().content());
        }
        // LFS blobs are named by sha256, regular files by git blob sha1
        assertThat(repoDir.resolve("blobs").resolve(files.get("model.safetensors").sha256())).exists();
        assertThat(repoDir.resolve("blobs").resolve(files.get("config.json").gitSha1())).exists();
        // the repository has no modules.json: remembered like huggingface_hub does
        assertThat(snapshot.resolve("modules.json")).doesNotExist();
        assertThat(repoDir.resolve(".no_exist").resolve(commit).resolve("modules.json")).exists();
        // no temp files left behind
        try (var blobs = Files.list(repoDir.resolve("blobs"))) {
            assertThat(blobs.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".incomplete"));
        }
        assertThat(listener.events).contains("complete model.safetensors 1500000");
        // the token-free request to the CDN followed the 302 of the hub
        assertThat(hub.contentGets("model.safetensors")).hasSize(1);
        assertThat(cacheDir.resolve("CACHEDIR.TAG")).content().startsWith("Signature: 8a477f597d28d172789f06886806bc55");

        hub.clearRequests();
        Path again = TestCaches.builder(hub, cacheDir).build().resolve(REPO, commit);
        assertThat(again).isEqualTo(snapshot);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void branchRevisionWritesRefAndLaterCostsOneHeadRequest() throws IOException {
        Path snapshot = TestCaches.builder(hub, cacheDir).build().resolve(REPO, "main");

        Path ref = cacheDir.resolve("models--nomic-ai--nomic-embed-text-v2-moe/refs/main");
        assertThat(Files.readString(ref, StandardCharsets.UTF_8)).isEqualTo(commit); // no trailing newline
        assertThat(snapshot.getFileName().toString()).isEqualTo(commit);
        // the first request resolves the branch; once it named the commit, every request uses the commit
        assertThat(hub.requests().get(0).path()).isEqualTo("/" + REPO + "/resolve/main/config.json");
        assertThat(hub.requests().subList(1, hub.requests().size())).filteredOn(r -> r.server().equals("hub"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.path()).startsWith("/" + REPO + "/resolve/" + commit + "/"));

        hub.clearRequests();
        assertThat(TestCaches.builder(hub, cacheDir).build().resolve(REPO, "main")).isEqualTo(snapshot);
        assertThat(hub.requests()).hasSize(1);
        assertThat(hub.requests().get(0).method()).isEqualTo("HEAD");
    }

    @Test
    void newCommitOnBranchIsDownloadedNextToTheOldSnapshot() {
        Path first = TestCaches.builder(hub, cacheDir).build().resolve(REPO, "main");
        Map<String, FakeHub.Entry> changed = new java.util.LinkedHashMap<>(files);
        changed.put("config.json", FakeHub.text("{\"model_type\": \"nomic_bert\", \"n_embd\": 768, \"v\": 2}\n"));
        String second = hub.addCommit(REPO, "main", changed);
        hub.clearRequests();

        Path updated = TestCaches.builder(hub, cacheDir).build().resolve(REPO, "main");

        assertThat(updated.getFileName().toString()).isEqualTo(second);
        assertThat(first).exists();
        // unchanged LFS blobs are reused: nothing fetched from the CDN
        assertThat(hub.requests().stream().filter(r -> r.server().equals("cdn"))).isEmpty();
        assertThat(hub.contentGets("config.json")).hasSize(1);
    }

    @Test
    void tokenGoesToTheHubOnlyNeverToTheCdnNorIntoToString() {
        hub.requireToken("hf_secret_123");
        ModelCache cache = TestCaches.builder(hub, cacheDir).optToken("hf_secret_123").build();

        cache.resolve(REPO, commit);

        assertThat(hub.requests()).isNotEmpty();
        assertThat(hub.requests()).filteredOn(r -> r.server().equals("hub"))
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer hf_secret_123"));
        assertThat(hub.requests()).filteredOn(r -> r.server().equals("cdn")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
        assertThat(cache.config().toString()).doesNotContain("hf_secret_123").contains("token=***");
    }

    @Test
    void tokenAndEndpointComeFromTheEnvironment() {
        hub.requireToken("hf_from_env");
        ModelCache cache = ModelCache.Builder.withEnvironment(
                Map.of("HF_TOKEN", "hf_from_env", "HF_ENDPOINT", hub.endpoint() + "/", "HF_HUB_CACHE",
                        cacheDir.toString()), "/nonexistent-home").build();

        assertThat(cache.config().cacheDir()).isEqualTo(cacheDir.toAbsolutePath());
        assertThat(cache.config().endpoint()).isEqualTo(hub.endpoint());
        assertThat(cache.resolve(REPO, commit)).exists();
    }

    @Test
    void failingHubFallsBackToTheCachedSnapshotAfterOneRequest() {
        Path snapshot = TestCaches.builder(hub, cacheDir).build().resolve(REPO, "main");
        hub.clearRequests();
        hub.failNextHead("config.json", 503);

        Path answer = TestCaches.builder(hub, cacheDir).optMaxAttempts(5).build().resolve(REPO, "main");

        assertThat(answer).isEqualTo(snapshot);
        assertThat(hub.requests()).as("no retries when the cache can answer").hasSize(1);
    }

    @Test
    void unreachableHubFallsBackToTheCachedSnapshotOfTheBranch() {
        Path snapshot = TestCaches.builder(hub, cacheDir).build().resolve(REPO, "main");
        hub.close();

        Path offlineAnswer = TestCaches.builder(hub, cacheDir).optMaxAttempts(2).build().resolve(REPO, "main");

        assertThat(offlineAnswer).isEqualTo(snapshot);
    }
}
