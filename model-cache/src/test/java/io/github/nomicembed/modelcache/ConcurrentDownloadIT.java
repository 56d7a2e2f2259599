package io.github.nomicembed.modelcache;

import static io.github.nomicembed.modelcache.TestCaches.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two downloaders of the same blob, in one JVM and in two JVMs: one transfer, both get the model. */
class ConcurrentDownloadIT {

    private static final String MODEL = "model.safetensors";

    @TempDir
    Path cacheDir;

    private FakeHub hub;
    private String commit;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        commit = hub.addCommit(REPO, "main", FakeHub.nomicFiles(3_000_000));
        // hold the first transfer until both downloaders asked for the file's metadata: they really overlap
        hub.beforeContent(file -> {
            if (file.equals(MODEL)) {
                waitFor(() -> hub.requests("HEAD", MODEL).size() >= 2);
            }
        });
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void twoThreadsWithTwoInstancesTransferOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ModelCache cache = TestCaches.builder(hub, cacheDir).build();
                results.add(pool.submit(() -> cache.resolve(REPO, commit)));
            }
            Path first = results.get(0).get(30, TimeUnit.SECONDS);
            Path second = results.get(1).get(30, TimeUnit.SECONDS);

            assertThat(second).isEqualTo(first);
            assertThat(hub.requests("HEAD", MODEL)).hasSize(2);
            assertThat(hub.contentGets(MODEL)).as("one transfer").hasSize(1);
            assertThat(Checksums.sha256(first.resolve(MODEL))).isEqualTo(
                    FakeHub.nomicFiles(3_000_000).get(MODEL).sha256());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoProcessesTransferOnce() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ResolveInChildProcess.class.getName(),
                hub.endpoint().toString(), cacheDir.toString(), REPO, commit)
                .redirectErrorStream(true)
                .start();
        Path here = TestCaches.builder(hub, cacheDir).build().resolve(REPO, commit);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String childOutput = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.exitValue()).as(childOutput).isZero();
        assertThat(childOutput).contains("SNAPSHOT " + here);
        assertThat(hub.requests("HEAD", MODEL)).hasSize(2);
        assertThat(hub.contentGets(MODEL)).as("one transfer across two JVMs").hasSize(1);
        assertThat(Checksums.sha256(here.resolve(MODEL))).isEqualTo(FakeHub.nomicFiles(3_000_000).get(MODEL).sha256());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
