package io.github.nomicembed.spark.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.Matryoshka;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import io.github.nomicembed.spark.EmbedJob;
import io.github.nomicembed.spark.JobOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end: {@link EmbedJob} (as {@code java -cp ... -Dspark.master=local[2]}) writes a corpus into PGlite's
 * pgvector in {@code PgVectorStore}'s layout; a re-run upserts instead of duplicating; then the sample app
 * ({@code pgvector,offline-demo} profiles, same tiny model) searches the table and ranks the documents as the
 * engine does, without embedding them again.
 */
class EmbedJobPgVectorIT {

    private final String[][] corpus = {
        {"baikal", "Lake Baikal holds about a fifth of the world's fresh surface water."},
        {"bread", "Sourdough needs a live starter culture."},
        {"jupiter", "Jupiter is the largest planet of the solar system."},
        {"8d3f3c1e-6c1a-4b9e-9a55-0c7d2f1e4a10", "Berlin is the capital of Germany."},
        {"fox", "The quick brown fox jumps over the lazy dog."},
    };
    private static final String QUERY = "Which lake holds the most fresh water?";

    private static NomicEmbedder facade;

    @TempDir
    static Path modelDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadFacade() {
        facade = NomicEmbedder.load(tinyModel());
    }

    @AfterAll
    static void closeFacade() {
        if (facade != null) {
            facade.close();
        }
    }

    @Test
    void jobFillsThePgVectorStoreTableAndTheSampleAppSearchesItAsTheEngineRanks() throws Exception {
        ExternalProcesses.requireSparkJava();
        ExternalProcesses.requirePglite();
        Path appJar = ExternalProcesses.requireSampleAppJar();
        Path corpusFile = dir.resolve("corpus.jsonl");
        List<String> lines = new ArrayList<>();
        for (String[] doc : corpus) {
            lines.add("{\"id\": \"" + doc[0] + "\", \"text\": \"" + doc[1] + "\"}");
        }
        lines.add("{\"id\": \"empty\", \"text\": \"\"}");
        Files.write(corpusFile, lines);

        try (Pglite db = Pglite.start(dir.resolve("pgdata"))) {
            String out = runJobProcess("--input", corpusFile.toString(), "--input-format", "json", "--output",
                    db.jdbcUrl(), "--user", "postgres", "--password", "postgres", "--model-path",
                    tinyModel().toString(), "--partitions", "2", "--jdbc-batch-size", "2");
            assertThat(out).contains("EmbedJob: 5 rows written to jdbc:postgresql://127.0.0.1:",
                    "1 rows without text skipped");
            assertThat(rows(db)).hasSize(5);
            float[] stored = vectorOf(db, DocumentIds.toUuid("bread"));
            float[] expected = facade.embed(List.of(corpus[1][1]), EmbeddingTask.DOCUMENT).vectors().get(0);
            assertThat(stored).hasSize(expected.length);
            for (int d = 0; d < expected.length; d++) {
                assertThat(stored[d]).isCloseTo(expected[d], within(1e-5f));
            }
            assertThat(rows(db).get(DocumentIds.toUuid(corpus[3][0]).toString()))
                    .as("a UUID id is kept").isEqualTo(corpus[3][1]);

            rerunWithOneChangedText(db, corpusFile);

            List<String> ranking = engineRanking();
            assertThat(ranking.get(0)).as("the tiny model ranks the lake document first for the lake query")
                    .isEqualTo(DocumentIds.toUuid("baikal").toString());
            JsonNode hits = searchWithSampleApp(appJar, db);
            assertThat(hits.valueStream().map(h -> h.get("id").asString()).toList())
                    .containsExactlyElementsOf(ranking.subList(0, 3));
            assertThat(hits.get(0).get("text").asString()).isEqualTo(corpus[0][1]);
            assertThat(hits.get(0).at("/metadata/source_id").asString()).isEqualTo("baikal");
            assertThat(rows(db)).as("the app embedded nothing new").hasSize(5);
        }
    }

    /** Second run, in-process: same ids, one text changed: rows are updated, not added. */
    private void rerunWithOneChangedText(Pglite db, Path file) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(2, "{\"id\": \"jupiter\", \"text\": \"Jupiter has at least 95 moons.\"}");
        Files.write(file, lines);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("rerun")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            EmbedJob.Summary s = EmbedJob.run(spark, JobOptions.parse("--input", file.toString(), "--output",
                    db.jdbcUrl() + "&user=postgres&password=postgres", "--model-path", tinyModel().toString()));
            assertThat(s.rowsWritten()).isEqualTo(5);
        } finally {
            spark.stop();
        }
        corpus[2][1] = "Jupiter has at least 95 moons.";
        assertThat(rows(db)).hasSize(5).containsEntry(DocumentIds.toUuid("jupiter").toString(), corpus[2][1]);
    }

    /** Document ids ordered by the engine's own score for {@link #QUERY}. */
    private List<String> engineRanking() {
        float[] q = facade.embedQuery(QUERY);
        List<String> texts = java.util.Arrays.stream(corpus).map(d -> d[1]).toList();
        List<float[]> docs = facade.embed(texts, EmbeddingTask.DOCUMENT).vectors();
        return IntStream.range(0, corpus.length).boxed()
                .sorted(Comparator.comparingDouble(i -> -Matryoshka.dot(q, docs.get(i))))
                .map(i -> DocumentIds.toUuid(corpus[i][0]).toString()).toList();
    }

    private JsonNode searchWithSampleApp(Path jar, Pglite db) throws Exception {
        int port = ExternalProcesses.freePort();
        Path log = dir.resolve("sample-app.log");
        Process app = new ProcessBuilder(javaBin(), "-Xmx1g", "-Dai.djl.offline=true", "-jar", jar.toString(),
                "--spring.profiles.active=offline-demo,pgvector", "--spring.datasource.url=" + db.jdbcUrl(),
                "--server.port=" + port, "--server.address=127.0.0.1", "--app.store.dir=" + dir.resolve("store"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (true) {
                assertThat(app.isAlive()).as("sample app running; log:%n%s", tail(log)).isTrue();
                assertThat(System.nanoTime()).as("sample app ready within 180 s; log:%n%s", tail(log))
                        .isLessThan(deadline);
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    // starting
                }
                Thread.sleep(500);
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/search?k=3&q="
                    + URLEncoder.encode(QUERY, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JsonMapper.shared().readTree(r.body());
        } finally {
            ExternalProcesses.stop(app);
        }
    }

    /** Runs EmbedJob.main in a new JVM, the way the docs show ({@code java -cp ... -Dspark.master=local[2]}). */
    private static String runJobProcess(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx1g", "-cp", System.getProperty("java.class.path")));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Dai.djl") || a.startsWith("-DDJL")
                    || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Djdk.reflect")
                    || a.startsWith("-Dio.netty")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1", "io.github.nomicembed.spark.EmbedJob"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("embed-job", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log);
        Files.deleteIfExists(log);
        assertThat(done).as("EmbedJob finished in 300 s:%n%s", out).isTrue();
        assertThat(p.exitValue()).as("EmbedJob exit code:%n%s", out).isZero();
        return out;
    }

    private static java.util.Map<String, String> rows(Pglite db) throws Exception {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), "postgres", "postgres");
                Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, content FROM vector_store")) {
            while (r.next()) {
                m.put(r.getString(1), r.getString(2));
            }
        }
        return m;
    }

    private static float[] vectorOf(Pglite db, UUID id) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), "postgres", "postgres");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT embedding::text FROM vector_store WHERE id = '" + id + "'")) {
            assertThat(r.next()).isTrue();
            String[] parts = r.getString(1).replace("[", "").replace("]", "").split(",");
            float[] v = new float[parts.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = Float.parseFloat(parts[i]);
            }
            return v;
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The engine's tiny test model with the real model's prompts file. */
    private static Path tinyModel() {
        return modelDir.resolve("config.json").toFile().exists() ? modelDir : TinyModel.withModelPrompts(modelDir);
    }
}
