package io.github.nomicembed.spark.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code EmbedJob} on a Spark standalone cluster of real, separate executor JVMs ({@code local-cluster[2,1,1024]}:
 * a master and two workers in the driver, each worker forking its executor JVM from {@code SPARK_HOME/jars}, here a
 * folder of links to the test class path's jars), writing to pgvector (PGlite). One executor JVM is killed with
 * SIGKILL while it embeds; the job must still finish with every document present exactly once and every vector
 * equal to the engine's (within 1e-5), and each executor JVM must have loaded the model once. The same run by hand:
 * {@code spark/src/test/scripts/local-cluster.sh} (docs/spark.md).
 */
class LocalClusterExecutorLossIT {

    private static final int DOCS = 1200;

    @TempDir
    Path dir;

    @Test
    void theJobSurvivesAKilledExecutorWithEveryDocumentOnceAndTheEnginesVectors() throws Exception {
        ExternalProcesses.requireSparkJava();
        ExternalProcesses.requirePglite();
        Path sparkHome = sparkHome();
        Path corpus = dir.resolve("corpus.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < DOCS; i++) {
            lines.add("{\"id\": \"doc-" + i + "\", \"text\": \"Document number " + i + " is about topic " + (i % 37)
                    + " and place " + (i * 7919 % 1000) + ".\"}");
        }
        Files.write(corpus, lines);
        Path model = tinyModel();

        try (Pglite db = Pglite.start(dir.resolve("pgdata"))) {
            Path log = dir.resolve("driver.log");
            Process driver = driver(sparkHome, log, "--input", corpus.toString(), "--input-format", "json",
                    "--output", db.jdbcUrl(), "--user", "postgres", "--password", "postgres", "--model-path",
                    model.toString(), "--partitions", "12", "--jdbc-batch-size", "20");
            long killed;
            try {
                killed = killAnExecutorWhileItEmbeds(sparkHome.resolve("work"), driver, log);
                assertThat(driver.waitFor(480, TimeUnit.SECONDS)).as("job finished; log:%n%s", tail(log)).isTrue();
            } finally {
                driver.destroyForcibly();
            }
            String out = Files.readString(log);
            assertThat(driver.exitValue()).as("EmbedJob exit code; log:%n%s", tail(log)).isZero();
            assertThat(out).contains("EmbedJob: " + DOCS + " rows written to jdbc:postgresql://127.0.0.1:");
            assertThat(out).as("the driver saw executor %s lost", killed).containsPattern("(?i)lost executor");

            Map<String, float[]> rows = rows(db);
            assertThat(rows).hasSize(DOCS);
            try (NomicEmbedder engine = NomicEmbedder.load(model)) {
                for (int from = 0; from < DOCS; from += 100) {
                    List<String> texts = new ArrayList<>();
                    for (int i = from; i < from + 100; i++) {
                        texts.add(lines.get(i).replaceAll(".*\"text\": \"(.*)\"}", "$1"));
                    }
                    List<float[]> expected = engine.embed(texts, EmbeddingTask.DOCUMENT).vectors();
                    for (int i = from; i < from + 100; i++) {
                        float[] stored = rows.get(DocumentIds.toUuid("doc-" + i).toString());
                        assertThat(stored).as("doc-%d", i).isNotNull().hasSize(expected.get(i - from).length);
                        for (int d = 0; d < stored.length; d++) {
                            assertThat(stored[d]).isCloseTo(expected.get(i - from)[d], within(1e-5f));
                        }
                    }
                }
            }
            for (Path stderr : executorLogs(sparkHome.resolve("work"))) {
                // one log line per load (a line may be echoed, wrapped, by a second appender: count the timestamped ones)
                long loads = Files.readAllLines(stderr).stream()
                        .filter(l -> l.matches("^[0-9:.]+ INFO ExecutorModels: Loaded .* for Spark tasks in .*")).count();
                assertThat(loads).as("model loads in %s", stderr).isLessThanOrEqualTo(1);
            }
        }
    }

    /**
     * Waits until an executor has loaded the model (its log says so: it is embedding its first partition), then kills
     * its JVM with SIGKILL. Returns the executor's pid.
     */
    private static long killAnExecutorWhileItEmbeds(Path work, Process driver, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            assertThat(driver.isAlive()).as("driver alive; log:%n%s", tail(log)).isTrue();
            for (Path stderr : executorLogs(work)) {
                if (Files.readString(stderr).contains("for Spark tasks in")) {
                    String executorId = stderr.getParent().getFileName().toString();
                    Optional<ProcessHandle> executor = driver.descendants().filter(p -> p.info().commandLine()
                            .map(c -> c.contains("CoarseGrainedExecutorBackend")
                                    && c.contains("--executor-id " + executorId + " ")).orElse(false)).findFirst();
                    assertThat(executor).as("the JVM of executor %s", executorId).isPresent();
                    executor.get().destroyForcibly();
                    executor.get().onExit().get(30, TimeUnit.SECONDS);
                    return executor.get().pid();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no executor loaded the model within 300 s; log:\n" + tail(log));
    }

    private static List<Path> executorLogs(Path work) throws IOException {
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(work, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList();
        }
    }

    /** {@code EmbedJob.main} as the driver in a new JVM, client mode, against {@code local-cluster[2,1,1024]}. */
    private static Process driver(Path sparkHome, Path log, String... args) throws IOException {
        List<String> jvm = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Dai.djl") || a.startsWith("-DDJL")
                    || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Djdk.reflect")
                    || a.startsWith("-Dio.netty")) {
                jvm.add(a);
            }
        }
        List<String> directories = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith(".jar")).toList();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-Dspark.master=local-cluster[2,1,1024]", "-Dspark.executor.memory=640m",
                "-Dspark.executor.cores=1", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.task.maxFailures=4",
                "-Dspark.executor.extraClassPath=" + String.join(File.pathSeparator, directories),
                "-Dspark.executor.extraJavaOptions=" + String.join(" ", jvm.stream()
                        .filter(a -> a.startsWith("-D")).toList()) + " -XX:ActiveProcessorCount=1",
                "io.github.nomicembed.spark.EmbedJob"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        // without a Spark distribution the launcher cannot detect the Scala version from its build directories
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    /**
     * {@code target/local-cluster-spark-home}: {@code jars/} links every jar of the test class path, which is what
     * a worker puts on its executors' class path (the module's own classes go through
     * {@code spark.executor.extraClassPath}).
     */
    private static Path sparkHome() throws IOException {
        Path home = Path.of("target", "local-cluster-spark-home").toAbsolutePath();
        if (Files.exists(home)) {
            try (Stream<Path> old = Files.walk(home)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Path jars = Files.createDirectories(home.resolve("jars"));
        Map<String, Integer> seen = new HashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(jar)) {
                String name = jar.getFileName().toString();
                int n = seen.merge(name, 1, Integer::sum);
                Files.createSymbolicLink(jars.resolve(n == 1 ? name : n + "-" + name), jar.toAbsolutePath());
            }
        }
        return home;
    }

    private static Map<String, float[]> rows(Pglite db) throws Exception {
        Map<String, float[]> m = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "postgres");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT id, embedding::text FROM vector_store")) {
            while (r.next()) {
                String[] parts = r.getString(2).replace("[", "").replace("]", "").split(",");
                float[] v = new float[parts.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.parseFloat(parts[i]);
                }
                assertThat(m.put(r.getString(1), v)).as("id %s once", r.getString(1)).isNull();
            }
        }
        return m;
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() <= 8000 ? s : s.substring(s.length() - 8000);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static Path tinyModel() {
        // The fixture comes from core's test jar in a packaged reactor build: TinyModel copies it to files.
        return TinyModel.dir();
    }
}
