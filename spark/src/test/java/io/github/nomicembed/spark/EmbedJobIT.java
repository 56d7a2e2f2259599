package io.github.nomicembed.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EmbedJobIT {

    private static final List<String> TEXTS = List.of("Berlin is the capital of Germany.", "Paris is in France.",
            "Sourdough needs a live starter culture.", "Jupiter is the largest planet.");

    private static SparkSession spark;
    private static NomicEmbedder facade;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = TestSpark.start("EmbedJobIT");
        facade = NomicEmbedder.load(TestSpark.tinyModel());
    }

    @AfterAll
    static void stop() {
        if (facade != null) {
            facade.close();
        }
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void jsonLinesInJsonLinesOutOneObjectPerRowWithDocumentPromptVectors() throws Exception {
        Path in = dir.resolve("corpus.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            lines.add("{\"doc\": " + (100 + i) + ", \"body\": \"" + TEXTS.get(i) + "\", \"lang\": \"en\"}");
        }
        lines.add("{\"doc\": 999, \"body\": null}");
        Files.write(in, lines);

        EmbedJob.run(spark, JobOptions.parse("--input", in.toString(), "--id-column", "doc", "--text-column", "body",
                "--output", dir.resolve("out").toString(), "--output-format", "json", "--dimensions", "32",
                "--model-path", TestSpark.tinyModel().toString(), "--partitions", "2"));

        List<JsonNode> rows = new ArrayList<>();
        try (Stream<Path> parts = Files.list(dir.resolve("out"))) {
            for (Path p : parts.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    rows.add(JsonMapper.shared().readTree(line));
                }
            }
        }
        rows.sort(java.util.Comparator.comparingLong(n -> n.get("id").asLong()));
        assertThat(rows).hasSize(5);
        EmbeddingResult expected = facade.embed(TEXTS, EmbeddingTask.DOCUMENT.promptName(), 32);
        for (int i = 0; i < TEXTS.size(); i++) {
            JsonNode r = rows.get(i);
            assertThat(r.propertyNames()).containsExactly("id", "embedding", "tokens");
            assertThat(r.get("id").asLong()).isEqualTo(100 + i);
            assertThat(r.get("tokens").asInt()).isEqualTo(expected.tokenCounts()[i]);
            assertThat(r.get("embedding").size()).isEqualTo(32);
            for (int d = 0; d < 32; d++) {
                assertThat(r.get("embedding").get(d).floatValue()).isCloseTo(expected.vectors().get(i)[d],
                        within(1e-5f));
            }
        }
        assertThat(rows.get(4).get("embedding").isNull()).isTrue();
        assertThat(rows.get(4).get("tokens").isNull()).isTrue();
    }

    @Test
    void csvInParquetOutAndAnExistingOutputNeedsOverwrite() throws Exception {
        Path in = dir.resolve("corpus.csv");
        List<String> lines = new ArrayList<>(List.of("id,text"));
        for (int i = 0; i < TEXTS.size(); i++) {
            lines.add("d" + i + ",\"" + TEXTS.get(i) + "\"");
        }
        Files.write(in, lines);
        String out = dir.resolve("out.parquet").toString();
        String[] args = {"--input", in.toString(), "--output", out, "--model-path", TestSpark.tinyModel().toString(),
                "--prompt", "query"};

        EmbedJob.run(spark, JobOptions.parse(args));

        List<Row> rows = spark.read().parquet(out).orderBy("id").collectAsList();
        assertThat(rows).extracting(r -> r.getString(0)).containsExactly("d0", "d1", "d2", "d3");
        EmbeddingResult expected = facade.embed(TEXTS, EmbeddingTask.QUERY);
        for (int i = 0; i < rows.size(); i++) {
            List<Float> v = rows.get(i).getList(1);
            for (int d = 0; d < v.size(); d++) {
                assertThat(v.get(d)).isCloseTo(expected.vectors().get(i)[d], within(1e-5f));
            }
            assertThat(rows.get(i).getInt(2)).isEqualTo(expected.tokenCounts()[i]);
        }
        assertThatThrownBy(() -> EmbedJob.run(spark, JobOptions.parse(args))).hasMessageContaining("already exists");
        List<String> again = new ArrayList<>(List.of(args));
        again.add("--overwrite");
        EmbedJob.run(spark, JobOptions.parse(again.toArray(String[]::new)));
        assertThat(spark.read().parquet(out).count()).isEqualTo(4);
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsThereAre() throws Exception {
        Path in = dir.resolve("c.jsonl");
        Files.writeString(in, "{\"key\": 1, \"text\": \"a\"}\n");
        assertThatThrownBy(() -> EmbedJob.run(spark, JobOptions.parse("--input", in.toString(), "--output",
                dir.resolve("o").toString(), "--model-path", TestSpark.tinyModel().toString())))
                .hasMessage("--id-column 'id' is not a column of " + in + "; columns: key, text");
    }
}
