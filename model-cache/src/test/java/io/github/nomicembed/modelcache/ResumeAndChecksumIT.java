package io.github.nomicembed.modelcache;

import static io.github.nomicembed.modelcache.TestCaches.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.nomicembed.modelcache.ModelCacheException.Reason;

class ResumeAndChecksumIT {

    private static final int MODEL_SIZE = 2_000_000;
    private static final String MODEL = "model.safetensors";

    @TempDir
    Path cacheDir;

    private FakeHub hub;
    private FakeHub.Entry model;
    private String commit;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        Map<String, FakeHub.Entry> files = FakeHub.nomicFiles(MODEL_SIZE);
        model = files.get(MODEL);
        commit = hub.addCommit(REPO, "main", files);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void droppedConnectionIsResumedFromTheRightOffset() throws IOException {
        long half = MODEL_SIZE / 2 + 12_345;
        hub.failNextGet(MODEL, FakeHub.dropAfter(half));
        List<Long> onDiskAtRequest = recordPartialSizeAtEachRequest();
        TestCaches.RecordingListener listener = new TestCaches.RecordingListener();

        Path snapshot = TestCaches.builder(hub, cacheDir).optProgressListener(listener).build().resolve(REPO, commit);

        var gets = hub.contentGets(MODEL);
        assertThat(gets).hasSize(2);
        assertThat(gets.get(0).header("Range")).isNull();
        // the client resumes exactly where its partial file ends: all of what the server sent before the drop,
        // less what was still in socket buffers when the connection broke
        long resumedAt = onDiskAtRequest.get(1);
        assertThat(resumedAt).isPositive().isLessThanOrEqualTo(half);
        assertThat(gets.get(1).header("Range")).isEqualTo("bytes=" + resumedAt + "-");
        assertThat(Checksums.sha256(snapshot.resolve(MODEL))).isEqualTo(model.sha256());
        assertThat(listener.events).anyMatch(e -> e.startsWith("retry " + MODEL + " 1 "));
    }

    @Test
    void interruptedRunKeepsThePartialFileAndTheNextRunResumesIt() throws IOException {
        long sent = 700_000;
        hub.failNextGet(MODEL, FakeHub.dropAfter(sent));

        assertThatThrownBy(() -> TestCaches.builder(hub, cacheDir).optMaxAttempts(1).build().resolve(REPO, commit))
                .isInstanceOf(ModelCacheException.class)
                .hasMessageContaining(MODEL).hasMessageContaining(REPO)
                .hasMessageContaining("resumes on the next attempt")
                .extracting(e -> ((ModelCacheException) e).reason()).isEqualTo(Reason.NETWORK);
        CacheLayout layout = new CacheLayout(cacheDir);
        long part = Files.size(layout.incompleteBlob(REPO, model.sha256()));
        assertThat(part).isPositive().isLessThanOrEqualTo(sent);
        assertThat(layout.snapshotFile(REPO, commit, MODEL)).doesNotExist();
        assertThat(layout.blob(REPO, model.sha256())).doesNotExist();

        TestCaches.RecordingListener listener = new TestCaches.RecordingListener();
        Path snapshot = TestCaches.builder(hub, cacheDir).optProgressListener(listener).build().resolve(REPO, commit);

        var gets = hub.contentGets(MODEL);
        assertThat(gets.get(gets.size() - 1).header("Range")).isEqualTo("bytes=" + part + "-");
        assertThat(listener.events).contains("start " + MODEL + " " + part);
        assertThat(Checksums.sha256(snapshot.resolve(MODEL))).isEqualTo(model.sha256());
        assertThat(layout.incompleteBlob(REPO, model.sha256())).doesNotExist();
    }

    @Test
    void stalledConnectionIsAbortedAndResumed() throws IOException {
        hub.failNextGet(MODEL, hub.stallAfter(300_000));
        List<Long> onDiskAtRequest = recordPartialSizeAtEachRequest();

        Path snapshot = TestCaches.builder(hub, cacheDir).optReadTimeout(Duration.ofMillis(300)).build()
                .resolve(REPO, commit);

        var gets = hub.contentGets(MODEL);
        assertThat(gets).hasSize(2);
        assertThat(onDiskAtRequest.get(1)).isPositive().isLessThanOrEqualTo(300_000);
        assertThat(gets.get(1).header("Range")).isEqualTo("bytes=" + onDiskAtRequest.get(1) + "-");
        assertThat(Checksums.sha256(snapshot.resolve(MODEL))).isEqualTo(model.sha256());
    }

    @Test
    void serverIgnoringTheRangeRestartsFromZero() throws IOException {
        hub.failNextGet(MODEL, FakeHub.dropAfter(500_000));
        hub.failNextGet(MODEL, FakeHub.ignoreRange());
        List<Long> onDiskAtRequest = recordPartialSizeAtEachRequest();

        Path snapshot = TestCaches.builder(hub, cacheDir).build().resolve(REPO, commit);

        assertThat(onDiskAtRequest.get(1)).isPositive();
        assertThat(hub.contentGets(MODEL).get(1).header("Range")).isEqualTo("bytes=" + onDiskAtRequest.get(1) + "-");
        assertThat(Checksums.sha256(snapshot.resolve(MODEL))).isEqualTo(model.sha256());
    }

    /** Sizes of the partial download when each content request for the model reaches the server. */
    private List<Long> recordPartialSizeAtEachRequest() {
        Path partial = new CacheLayout(cacheDir).incompleteBlob(REPO, model.sha256());
        List<Long> sizes = new CopyOnWriteArrayList<>();
        hub.beforeContent(file -> {
            if (file.equals(MODEL)) {
                sizes.add(partial.toFile().length());
            }
        });
        return sizes;
    }

    @Test
    void corruptedBytesAreDiscardedAndFetchedAgain() throws IOException {
        hub.failNextGet(MODEL, FakeHub.corrupt());

        Path snapshot = TestCaches.builder(hub, cacheDir).build().resolve(REPO, commit);

        var gets = hub.contentGets(MODEL);
        assertThat(gets).hasSize(2);
        assertThat(gets.get(1).header("Range")).as("the bad file is discarded, not resumed").isNull();
        assertThat(Checksums.sha256(snapshot.resolve(MODEL))).isEqualTo(model.sha256());
        assertThat(new CacheLayout(cacheDir).incompleteBlob(REPO, model.sha256())).doesNotExist();
    }

    @Test
    void corruptedTwiceFailsWithAChecksumErrorAndCachesNothing() {
        hub.failNextGet(MODEL, FakeHub.corrupt());
        hub.failNextGet(MODEL, FakeHub.corrupt());

        assertThatThrownBy(() -> TestCaches.builder(hub, cacheDir).build().resolve(REPO, commit))
                .isInstanceOf(ModelCacheException.class)
                .hasMessageContaining(MODEL).hasMessageContaining("sha256")
                .extracting(e -> ((ModelCacheException) e).reason()).isEqualTo(Reason.CHECKSUM_MISMATCH);
        CacheLayout layout = new CacheLayout(cacheDir);
        assertThat(hub.contentGets(MODEL)).hasSize(2);
        assertThat(layout.blob(REPO, model.sha256())).doesNotExist();
        assertThat(layout.incompleteBlob(REPO, model.sha256())).doesNotExist();
        assertThat(layout.snapshotFile(REPO, commit, MODEL)).doesNotExist();
    }

    @Test
    void corruptedRegularFileIsCaughtByItsGitBlobSha1() throws IOException {
        hub.failNextGet("config.json", FakeHub.corrupt());

        Path snapshot = TestCaches.builder(hub, cacheDir).build().resolve(REPO, commit);

        assertThat(hub.contentGets("config.json")).hasSize(2);
        assertThat(Checksums.gitBlobSha1(snapshot.resolve("config.json")))
                .isEqualTo(FakeHub.nomicFiles(10).get("config.json").gitSha1());
    }

    @Test
    void transientServerErrorsAreRetriedButNotFoundIsNot() {
        hub.failNextHead("config.json", 503);
        hub.failNextHead("config.json", 429);
        hub.failNextGet(MODEL, FakeHub.status(502));

        TestCaches.builder(hub, cacheDir).build().resolve(REPO, commit);

        assertThat(hub.requests("HEAD", "config.json")).hasSize(3);
        assertThat(hub.contentGets(MODEL)).hasSize(2);

        hub.clearRequests();
        assertThatThrownBy(() -> TestCaches.builder(hub, cacheDir).build().resolve("nomic-ai/missing", "main"))
                .isInstanceOf(ModelCacheException.class);
        assertThat(hub.requests()).hasSize(1);
    }

    @Test
    void persistentServerErrorFailsAfterMaxAttempts() {
        for (int i = 0; i < 3; i++) {
            hub.failNextHead("config.json", 500);
        }

        assertThatThrownBy(() -> TestCaches.builder(hub, cacheDir).optMaxAttempts(3).build().resolve(REPO, commit))
                .isInstanceOf(ModelCacheException.class)
                .hasMessageContaining("3 attempts").hasMessageContaining("HTTP 500")
                .hasMessageContaining("HF_ENDPOINT").hasMessageContaining("HF_HUB_OFFLINE=1");
        assertThat(hub.requests("HEAD", "config.json")).hasSize(3);
    }

    @Test
    void blobIsCheckedBeforeItBecomesVisible() throws IOException {
        // a stale partial file that is longer than the real one is discarded, not served
        CacheLayout layout = new CacheLayout(cacheDir);
        Files.createDirectories(layout.blobsDir(REPO));
        Files.write(layout.incompleteBlob(REPO, model.sha256()), new byte[MODEL_SIZE + 10]);

        Path snapshot = TestCaches.builder(hub, cacheDir).build().resolve(REPO, commit);

        assertThat(hub.contentGets(MODEL).get(0).header("Range")).isNull();
        assertThat(Checksums.sha256(snapshot.resolve(MODEL))).isEqualTo(model.sha256());
    }
}
