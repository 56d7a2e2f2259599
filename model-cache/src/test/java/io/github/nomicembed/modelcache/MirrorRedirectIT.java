package io.github.nomicembed.modelcache;

import static io.github.nomicembed.modelcache.TestCaches.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redirect shapes of the resolve endpoint, as huggingface_hub handles them: the metadata of an LFS file comes
 * from the redirect itself whether its absolute Location is on the hub's own host or another one; only relative
 * redirects (renamed repositories) are followed for metadata.
 */
class MirrorRedirectIT {

    @TempDir
    Path cacheDir;

    private FakeHub hub;
    private Map<String, FakeHub.Entry> files;
    private String commit;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        files = FakeHub.nomicFiles(300_000);
        commit = hub.addCommit(REPO, "main", files);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private void assertSnapshotHasEveryFile(Path snapshot) throws IOException {
        assertThat(snapshot).isEqualTo(cacheDir.resolve("models--nomic-ai--nomic-embed-text-v2-moe")
                .resolve("snapshots").resolve(commit));
        for (Map.Entry<String, FakeHub.Entry> e : files.entrySet()) {
            assertThat(Files.readAllBytes(snapshot.resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue().content());
        }
    }

    @Test
    void anAbsoluteRedirectToABlobOnTheMirrorsOwnHostTakesTheMetadataFromTheRedirect() throws IOException {
        hub.blobsOnHub();

        Path snapshot = TestCaches.builder(hub, cacheDir).build().resolve(REPO, "main");

        assertSnapshotHasEveryFile(snapshot);
        assertThat(hub.requests()).filteredOn(r -> r.path().startsWith("/blobs/"))
                .as("the blob is only downloaded, never asked for metadata")
                .isNotEmpty().allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        assertThat(hub.requests()).noneMatch(r -> r.server().equals("cdn"));
    }

    @Test
    void anAbsoluteRedirectToAnotherHostTakesTheMetadataFromTheRedirect() throws IOException {
        hub.cdnHost("localhost"); // the hub is 127.0.0.1: another host name, and another port

        Path snapshot = TestCaches.builder(hub, cacheDir).build().resolve(REPO, "main");

        assertSnapshotHasEveryFile(snapshot);
        assertThat(hub.requests()).filteredOn(r -> r.server().equals("cdn"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }

    @Test
    void aRelativeRedirectOfARenamedRepositoryIsFollowed() throws IOException {
        hub.rename("nomic-ai/old-name", REPO);

        Path snapshot = TestCaches.builder(hub, cacheDir).build().resolve("nomic-ai/old-name", "main");

        assertThat(snapshot.getFileName().toString()).isEqualTo(commit);
        for (Map.Entry<String, FakeHub.Entry> e : files.entrySet()) {
            assertThat(Files.readAllBytes(snapshot.resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue().content());
        }
        assertThat(hub.requests("HEAD", "config.json")).extracting(FakeHub.Request::path)
                .contains("/nomic-ai/old-name/resolve/main/config.json", "/" + REPO + "/resolve/main/config.json");
    }
}
