package io.github.nomicembed.modelcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile hub answers, fuzzed: {@link HostileHub} damages each answer at random (statuses, headers, sizes, redirects,
 * bodies, path tricks). Every try must end in a {@link ModelCacheException} with a message, or a snapshot whose files
 * have exactly the commit's content; never another exception, a hang or more than a bounded number of requests, and
 * nothing may be written outside the cache directory. Fixed seed and a time budget in CI; a longer run:
 * {@code mvn -B -ntp -pl model-cache test -Dtest=HubAnswersFuzzIT -Dfuzz.seconds=300 -Dfuzz.seed=$RANDOM}.
 * Try {@code i} is replayed with {@code -Dfuzz.seed=S -Dfuzz.only=i}.
 */
class HubAnswersFuzzIT {

    private static final ModelFiles FILES = new ModelFiles(List.of("config.json", "model.safetensors"),
            List.of("tokenizer_config.json"));
    private static final int MAX_REQUESTS_PER_TRY = 200;

    @TempDir
    Path sandbox;

    @Test
    void hostileHubAnswersEndInAClearErrorOrTheRightFilesInsideTheCache() throws Exception {
        long seed = Long.getLong("fuzz.seed", 17);
        int maxTries = Integer.getInteger("fuzz.tries", 100_000);
        Duration budget = Duration.ofSeconds(Long.getLong("fuzz.seconds", 15));
        Integer only = Integer.getInteger("fuzz.only");
        Path outside = Files.writeString(sandbox.resolve("outside.txt"), "canary");
        int tries = 0;
        int accepted = 0;
        int refused = 0;
        long start = System.nanoTime();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (HostileHub hub = new HostileHub()) {
            for (int i = only != null ? only : 0; i < maxTries && System.nanoTime() - start < budget.toNanos(); i++) {
                if (only != null && i > only) {
                    break;
                }
                Random random = new Random(seed * 1_000_003 + i);
                hub.next(random, 5 + random.nextInt(60));
                Path cache = sandbox.resolve("cache-" + i);
                String where = "try " + i + " (replay: -Dfuzz.seed=" + seed + " -Dfuzz.only=" + i + ")";
                Future<Path> run = executor.submit(() -> ModelCache.Builder.withEnvironment(Map.of(), cache.toString())
                        .optEndpoint(hub.endpoint()).optCacheDir(cache).optFiles(FILES).optMaxAttempts(2)
                        .optBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).optConnectTimeout(Duration.ofSeconds(2))
                        .optReadTimeout(Duration.ofSeconds(2)).build()
                        .resolve(TestCaches.REPO, random.nextInt(4) == 0 ? HostileHub.COMMIT : "main"));
                tries++;
                try {
                    Path snapshot = run.get(60, TimeUnit.SECONDS);
                    assertThat(snapshot.normalize()).as(where).startsWith(cache);
                    for (String file : List.of("config.json", "model.safetensors")) {
                        assertThat(Files.readAllBytes(snapshot.resolve(file))).as(where + " " + file)
                                .isEqualTo(HostileHub.content(file));
                        assertThat(snapshot.resolve(file).toRealPath()).as(where).startsWith(cache.toRealPath());
                    }
                    accepted++;
                } catch (TimeoutException e) {
                    run.cancel(true);
                    throw new AssertionError(where + " hung for 60 s");
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof ModelCacheException) || cause.getMessage() == null
                            || cause.getMessage().isBlank()) {
                        throw new AssertionError(where + " ended in " + cause + " instead of a ModelCacheException",
                                cause);
                    }
                    if (refused++ < 5) {
                        System.out.println("hub-answers " + where + " refused: " + cause.getMessage());
                        if (Boolean.getBoolean("fuzz.trace")) { cause.printStackTrace(System.out); }
                    }
                }
                assertThat(hub.requests()).as(where + ": requests").isLessThanOrEqualTo(MAX_REQUESTS_PER_TRY);
                assertNothingOutside(cache, outside, where);
            }
        } finally {
            executor.shutdownNow();
        }
        String report = String.format("fuzz %-28s seed %d: %6d inputs in %5.1f s (%d accepted, %d rejected with a "
                + "clear error)", "hub-answers", seed, tries, (System.nanoTime() - start) / 1e9, accepted, refused);
        System.out.println(report);
        Files.createDirectories(Path.of("target", "fuzz"));
        Files.writeString(Path.of("target", "fuzz", "hub-answers.txt"), report + System.lineSeparator());
        assertThat(refused).isPositive();
        assertThat(accepted).isPositive();
    }

    /** The sandbox holds the canary, unchanged, and cache directories; nothing else, at any depth outside them. */
    private void assertNothingOutside(Path cache, Path canary, String where) throws IOException {
        assertThat(Files.readString(canary)).as(where).isEqualTo("canary");
        try (Stream<Path> top = Files.list(sandbox)) {
            assertThat(top.filter(p -> !p.equals(canary) && !p.getFileName().toString().startsWith("cache-")))
                    .as(where + ": written outside the cache").isEmpty();
        }
        if (Files.exists(cache)) {
            try (Stream<Path> all = Files.walk(cache)) {
                for (Path p : all.toList()) {
                    if (Files.isSymbolicLink(p)) {
                        Path target = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
                        assertThat(target).as(where + ": link " + p).startsWith(cache);
                    }
                }
            }
        }
    }
}
