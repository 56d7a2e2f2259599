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

/** A cache written the way huggingface_hub writes it is used as is, without downloading anything. */
class PythonCacheCompatibilityIT {

    @TempDir
    Path home;

    private FakeHub hub;
    private Map<String, FakeHub.Entry> files;
    private String commit;
    private Path hubCache;

    @BeforeEach
    void prepare() throws IOException {
        hub = new FakeHub();
        files = FakeHub.nomicFiles(500_000);
        files.put("modules.json", FakeHub.text("[]\n"));
        commit = hub.addCommit(REPO, "main", files);
        hubCache = home.resolve(".cache/huggingface/hub");
        writeLikeHuggingfaceHub(hubCache);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void defaultCacheLocationIsFoundAndUsedWithoutAnyRequest() {
        // no HF_* variable: ~/.cache/huggingface/hub, like huggingface_hub
        ModelCache cache = ModelCache.Builder.withEnvironment(Map.of(), home.toString())
                .optEndpoint(hub.endpoint()).build();

        Path snapshot = cache.resolve(REPO, commit);

        assertThat(cache.config().cacheDir()).isEqualTo(hubCache);
        assertThat(snapshot).isEqualTo(hubCache.resolve("models--nomic-ai--nomic-embed-text-v2-moe/snapshots/" + commit));
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void hfHomeAndOfflineBranchResolutionWork() {
        ModelCache cache = ModelCache.Builder.withEnvironment(
                Map.of("HF_HOME", home.resolve(".cache/huggingface").toString(), "HF_HUB_OFFLINE", "1"), "/elsewhere")
                .optEndpoint(hub.endpoint()).build();

        assertThat(cache.config().offline()).isTrue();
        assertThat(cache.resolve(REPO, "main").getFileName().toString()).isEqualTo(commit);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void onlineBranchRevisionIsRevalidatedWithOneHeadAndNoDownload() {
        ModelCache cache = TestCaches.builder(hub, hubCache).build();

        assertThat(cache.resolve(REPO, "main").getFileName().toString()).isEqualTo(commit);
        assertThat(hub.requests()).hasSize(1);
        assertThat(hub.requests().get(0).method()).isEqualTo("HEAD");
    }

    @Test
    void whatWeWriteHasTheLayoutPythonReads() throws IOException {
        Path fresh = home.resolve("fresh");
        TestCaches.builder(hub, fresh).build().resolve(REPO, "main");

        Path repoDir = fresh.resolve("models--nomic-ai--nomic-embed-text-v2-moe");
        assertThat(Files.readString(repoDir.resolve("refs/main"))).isEqualTo(commit);
        for (Map.Entry<String, FakeHub.Entry> e : files.entrySet()) {
            Path link = repoDir.resolve("snapshots").resolve(commit).resolve(e.getKey());
            assertThat(Files.readSymbolicLink(link).toString()).isEqualTo("../../blobs/" + e.getValue().etag());
        }
        // and it is byte-for-byte the layout written by hand in writeLikeHuggingfaceHub
        assertThat(tree(repoDir)).isEqualTo(tree(hubCache.resolve("models--nomic-ai--nomic-embed-text-v2-moe")));
    }

    /** The layout of huggingface_hub's hf_hub_download: blobs by etag, relative symlinks, refs without newline. */
    private void writeLikeHuggingfaceHub(Path cacheRoot) throws IOException {
        Path repo = cacheRoot.resolve("models--nomic-ai--nomic-embed-text-v2-moe");
        Files.createDirectories(repo.resolve("blobs"));
        Files.createDirectories(repo.resolve("refs"));
        Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve(commit));
        Files.writeString(repo.resolve("refs/main"), commit, StandardCharsets.UTF_8);
        for (Map.Entry<String, FakeHub.Entry> e : files.entrySet()) {
            Files.write(repo.resolve("blobs").resolve(e.getValue().etag()), e.getValue().content());
            Files.createSymbolicLink(snapshot.resolve(e.getKey()), Path.of("../../blobs/" + e.getValue().etag()));
        }
    }

    private static String tree(Path root) throws IOException {
        StringBuilder out = new StringBuilder();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted().collect(java.util.stream.Collectors.toList())) {
                String name = root.relativize(p).toString();
                if (name.endsWith(".lock")) {
                    continue; // our cross-process lock files; Python ignores them
                }
                out.append(name);
                if (Files.isSymbolicLink(p)) {
                    out.append(" -> ").append(Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p)) {
                    out.append(' ').append(Files.size(p));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}
