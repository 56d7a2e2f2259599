package io.github.nomicembed.modelcache;

import static io.github.nomicembed.modelcache.TestCaches.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever appears under snapshots/ is complete, even while a slow, interrupted download is running. */
class SnapshotVisibilityIT {

    @TempDir
    Path cacheDir;

    private FakeHub hub;
    private Map<String, FakeHub.Entry> files;
    private String commit;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        files = FakeHub.nomicFiles(1_200_000);
        commit = hub.addCommit(REPO, "main", files);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void noPartialFileIsEverVisibleUnderSnapshots() throws Exception {
        hub.throttle(15); // ~20 chunks of 64 KiB: the download takes about 300 ms
        hub.failNextGet("model.safetensors", FakeHub.dropAfter(400_000));
        Path snapshots = new CacheLayout(cacheDir).snapshotsDir(REPO);
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger scans = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                scan(snapshots, violations);
                scans.incrementAndGet();
            }
        });
        watcher.start();

        Path snapshot = TestCaches.builder(hub, cacheDir).build().resolve(REPO, commit);
        done.set(true);
        watcher.join();

        assertThat(scans.get()).isGreaterThan(10);
        assertThat(violations).isEmpty();
        assertThat(Files.size(snapshot.resolve("model.safetensors"))).isEqualTo(1_200_000);
    }

    @Test
    void failedDownloadLeavesNoEntryInSnapshots() throws IOException {
        hub.failNextGet("model.safetensors", FakeHub.dropAfter(10_000));

        try {
            TestCaches.builder(hub, cacheDir).optMaxAttempts(1).build().resolve(REPO, commit);
        } catch (ModelCacheException expected) {
            // asserted below
        }

        Path snapshot = new CacheLayout(cacheDir).snapshotDir(REPO, commit);
        try (Stream<Path> entries = Files.walk(snapshot)) {
            assertThat(entries.filter(p -> !Files.isDirectory(p)).map(p -> p.getFileName().toString())
                    .collect(Collectors.toList())).containsExactly("config.json");
        }
        assertThat(new CacheLayout(cacheDir).refFile(REPO, "main")).doesNotExist();
    }

    private void scan(Path snapshots, List<String> violations) {
        if (!Files.isDirectory(snapshots)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(snapshots)) {
            for (Path entry : entries.filter(p -> !Files.isDirectory(p)).collect(Collectors.toList())) {
                FakeHub.Entry expected = files.get(entry.getFileName().toString());
                if (expected == null) {
                    violations.add("unexpected " + entry);
                } else if (Files.exists(entry) && Files.size(entry) != expected.content().length) {
                    violations.add(entry + " has " + Files.size(entry) + " bytes");
                }
            }
        } catch (IOException raceWithDirectoryCreation) {
            // a directory appeared or vanished during the walk; the next scan looks again
        }
    }
}
