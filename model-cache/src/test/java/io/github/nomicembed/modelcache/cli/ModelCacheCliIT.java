package io.github.nomicembed.modelcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.nomicembed.modelcache.CacheLayout;
import io.github.nomicembed.modelcache.DownloadProgress;
import io.github.nomicembed.modelcache.FakeHub;

class ModelCacheCliIT {

    private static final String REPO = "nomic-ai/nomic-embed-text-v2-moe";

    @TempDir
    Path cacheDir;

    private FakeHub hub;
    private Map<String, FakeHub.Entry> files;
    private String commit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        files = FakeHub.nomicFiles(800_000);
        commit = hub.addCommit(REPO, "main", files);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void prefetchDownloadsAndPrintsTheSnapshotDirectory() {
        int code = run(Map.of(), "prefetch", REPO, "--revision", "main", "--cache-dir", cacheDir.toString(),
                "--endpoint", hub.endpoint().toString());

        assertThat(code).as(stderr()).isZero();
        Path snapshot = new CacheLayout(cacheDir).snapshotDir(REPO, commit);
        assertThat(stdout().strip()).isEqualTo(snapshot.toString());
        assertThat(snapshot.resolve("model.safetensors")).hasSize(800_000);
        assertThat(stderr()).contains("Downloading model.safetensors (800.0 kB)",
                "model.safetensors: 800.0 kB in", "checksum verified").doesNotContain("\r");
    }

    @Test
    void tokenIsReadFromTheNamedVariableAndNeverPrinted() {
        hub.requireToken("hf_cli_secret");

        int code = run(Map.of("MY_TOKEN", "hf_cli_secret"), "prefetch", REPO, "--revision", "main",
                "--cache-dir", cacheDir.toString(), "--endpoint", hub.endpoint().toString(), "--token-env", "MY_TOKEN");

        assertThat(code).as(stderr()).isZero();
        assertThat(stdout() + stderr()).doesNotContain("hf_cli_secret");
    }

    @Test
    void listShowsModelsSnapshotsRefsAndSizes() {
        assertThat(run(Map.of(), "list", "--cache-dir", cacheDir.toString())).isZero();
        assertThat(stdout()).contains("No models in " + cacheDir);

        prefetch();
        out.reset();
        assertThat(run(Map.of(), "list", "--cache-dir", cacheDir.toString())).isZero();

        assertThat(stdout()).contains(REPO + "  1.0 MB", commit + "  5 files", "refs: main");
    }

    @Test
    void verifyPassesOnAGoodCacheAndFailsOnACorruptBlob() throws IOException {
        prefetch();
        out.reset();
        assertThat(run(Map.of(), "verify", REPO, "--revision", "main", "--cache-dir", cacheDir.toString())).isZero();
        assertThat(stdout()).contains("OK: 5 files of " + REPO + " verified");

        Path blob = new CacheLayout(cacheDir).blob(REPO, files.get("model.safetensors").sha256());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[1000] ^= 1;
        Files.write(blob, bytes);
        out.reset();

        int code = run(Map.of(), "verify", REPO, "--cache-dir", cacheDir.toString());

        assertThat(code).isEqualTo(ModelCacheCli.VERIFY_FAILED);
        assertThat(stdout()).containsPattern("CORRUPT +" + commit + "  model.safetensors  sha256 of .* is [0-9a-f]{64}");
        assertThat(stdout()).containsPattern("OK +" + commit + "  config.json  git sha1");
        assertThat(stderr()).contains("run 'prefetch' again");
    }

    @Test
    void verifyOfAModelThatIsNotCachedFails() {
        assertThat(run(Map.of(), "verify", REPO, "--cache-dir", cacheDir.toString()))
                .isEqualTo(ModelCacheCli.VERIFY_FAILED);
        assertThat(stderr()).startsWith("error: Not in the model cache");
    }

    @Test
    void failuresArePrintedWithoutStackTraces() {
        int code = run(Map.of(), "prefetch", "nomic-ai/unknown", "--cache-dir", cacheDir.toString(),
                "--endpoint", hub.endpoint().toString());

        assertThat(code).isEqualTo(ModelCacheCli.FAILED);
        assertThat(stderr()).contains("error: Repository nomic-ai/unknown not found").doesNotContain("\tat ");
    }

    @Test
    void invalidCommandLinesExitWithUsage() {
        assertThat(run(Map.of())).isEqualTo(ModelCacheCli.USAGE);
        assertThat(run(Map.of(), "fetch")).isEqualTo(ModelCacheCli.USAGE);
        assertThat(run(Map.of(), "list", "--revision", "x")).isEqualTo(ModelCacheCli.USAGE);
        assertThat(run(Map.of(), "prefetch", "--cache-dir")).isEqualTo(ModelCacheCli.USAGE);
        assertThat(run(Map.of(), "prefetch", "a/b", "c/d")).isEqualTo(ModelCacheCli.USAGE);
        assertThat(run(Map.of(), "prefetch", "--token-env", "UNSET_VARIABLE")).isEqualTo(ModelCacheCli.USAGE);
        assertThat(stderr()).contains("unknown command 'fetch'", "Usage: java -jar");
        assertThat(run(Map.of(), "help")).isZero();
        assertThat(stdout()).contains("prefetch [model-id]", "Exit codes");
    }

    @Test
    void consoleProgressBarRedrawsOneLine() {
        AtomicLong clock = new AtomicLong();
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        ConsoleProgressBar bar = new ConsoleProgressBar(new PrintStream(terminal, true, StandardCharsets.UTF_8), true,
                clock::get);
        long total = 1_900_000_000L;

        bar.onStart(new DownloadProgress(REPO, "model.safetensors", 0, total, 0, Duration.ZERO));
        clock.set(Duration.ofSeconds(1).toNanos());
        bar.onProgress(new DownloadProgress(REPO, "model.safetensors", 950_000_000L, total, 0, Duration.ofSeconds(10)));
        clock.set(clock.get() + 1000); // too soon: not drawn
        bar.onProgress(new DownloadProgress(REPO, "model.safetensors", 960_000_000L, total, 0, Duration.ofSeconds(10)));
        bar.onComplete(new DownloadProgress(REPO, "model.safetensors", total, total, 0, Duration.ofSeconds(20)));

        String shown = terminal.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("\rmodel.safetensors [###############...............]  50% 950.0 MB/1.9 GB  "
                + "95.0 MB/s  ETA 10s");
        assertThat(shown).doesNotContain("960.0 MB");
        assertThat(shown).endsWith(System.lineSeparator());
        assertThat(shown.stripTrailing()).endsWith("\rmodel.safetensors: 1.9 GB in 20s (95.0 MB/s), checksum verified");
        assertThat(shown.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    private void prefetch() {
        int code = run(Map.of(), "prefetch", REPO, "--revision", "main", "--cache-dir", cacheDir.toString(),
                "--endpoint", hub.endpoint().toString());
        assertThat(code).as(stderr()).isZero();
    }

    private int run(Map<String, String> env, String... args) {
        return new ModelCacheCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false).run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
