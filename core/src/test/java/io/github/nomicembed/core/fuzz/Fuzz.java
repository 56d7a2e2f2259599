package io.github.nomicembed.core.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A small seeded fuzzing loop for hostile inputs. Try {@code i} of a target draws everything from
 * {@code new Random(seed * 1_000_003 + i)}, so a failure is replayed with {@code -Dfuzz.seed=S -Dfuzz.only=i}.
 * Every try runs on its own thread under a time limit (a hang fails the run), and must either be accepted or end
 * in one of the expected exceptions with a message; anything else (another exception, an {@link Error} such as
 * {@link OutOfMemoryError} or {@link StackOverflowError}) fails the run, naming the seed and the try.
 *
 * <p>Budget: each target stops after its time budget or {@code fuzz.tries} tries, whichever comes first; CI runs the
 * defaults (a fixed seed, a few seconds per target). A longer run:
 * {@code mvn -B -ntp -pl core -am test -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfuzz.seconds=300 -Dfuzz.tries=1000000 -Dfuzz.seed=$RANDOM}. Counts go to stdout and to
 * {@code target/fuzz/<target>.txt}; the input of the try in progress is kept in {@code target/fuzz/<target>.last}
 * so that even a crash of the JVM leaves the culprit behind.
 */
public final class Fuzz {

    /** One try: builds an input from {@code random}, feeds it to the code under test, returns whether accepted. */
    public interface Attempt {
        void run(Random random, Input input) throws Exception;
    }

    /** Where a try records the input it is about to feed (for crashes) and what it did with it. */
    public static final class Input {

        private final Path last;

        Input(Path last) {
            this.last = last;
        }

        /** Keeps {@code bytes} as the input in progress (overwritten by the next try). */
        public void record(byte[] bytes) {
            try {
                Files.write(last, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What a run did. */
    public record Report(String target, long seed, int tries, int accepted, int rejected, Duration elapsed) {
        @Override
        public String toString() {
            return String.format("fuzz %-28s seed %d: %6d inputs in %5.1f s (%d accepted, %d rejected with a clear error)",
                    target, seed, tries, elapsed.toMillis() / 1000.0, accepted, rejected);
        }
    }

    private Fuzz() {
    }

    /**
     * Runs {@code attempt} until the budget is spent.
     *
     * @param defaultSeconds this target's time budget unless {@code fuzz.seconds} is set
     * @param rejection which exceptions count as a clear refusal (their message must not be blank)
     */
    public static Report run(String target, int defaultSeconds, Predicate<Throwable> rejection, Attempt attempt) {
        long seed = Long.getLong("fuzz.seed", 17);
        int maxTries = Integer.getInteger("fuzz.tries", 100_000);
        Duration budget = Duration.ofSeconds(Long.getLong("fuzz.seconds", defaultSeconds));
        Duration perTry = Duration.ofSeconds(Long.getLong("fuzz.try-seconds", 30));
        Integer only = Integer.getInteger("fuzz.only");
        Path dir = Path.of("target", "fuzz");
        Input input;
        try {
            Files.createDirectories(dir);
            input = new Input(dir.resolve(target + ".last"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + target);
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        int tries = 0;
        int accepted = 0;
        int rejected = 0;
        try {
            for (int i = only != null ? only : 0; i < maxTries; i++) {
                if (System.nanoTime() - start > budget.toNanos() || (only != null && i > only)) {
                    break;
                }
                Random random = new Random(seed * 1_000_003 + i);
                Future<?> run = executor.submit(() -> {
                    attempt.run(random, input);
                    return null;
                });
                tries++;
                try {
                    run.get(perTry.toMillis(), TimeUnit.MILLISECONDS);
                    accepted++;
                } catch (TimeoutException e) {
                    run.cancel(true);
                    throw new AssertionError(where(target, seed, i) + " hung for more than " + perTry.toSeconds()
                            + " s; input: " + dir.resolve(target + ".last"));
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof Exception) || !rejection.test(cause)) {
                        throw new AssertionError(where(target, seed, i) + " ended in " + cause + " instead of a clear "
                                + "error; input: " + dir.resolve(target + ".last"), cause);
                    }
                    if (cause.getMessage() == null || cause.getMessage().isBlank()) {
                        throw new AssertionError(where(target, seed, i) + " was refused without a message", cause);
                    }
                    rejected++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        } finally {
            executor.shutdownNow();
        }
        Report report = new Report(target, seed, tries, accepted, rejected, Duration.ofNanos(System.nanoTime() - start));
        System.out.println(report);
        try {
            Files.writeString(dir.resolve(target + ".txt"), report + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report;
    }

    private static String where(String target, long seed, int index) {
        return "fuzz target " + target + ", try " + index + " (replay: -Dfuzz.seed=" + seed + " -Dfuzz.only=" + index
                + ")";
    }
}
