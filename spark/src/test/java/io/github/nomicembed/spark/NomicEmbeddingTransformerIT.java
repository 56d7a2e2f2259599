package io.github.nomicembed.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.config.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NomicEmbeddingTransformerIT {

    private static final StructType ID_TEXT = new StructType().add("id", DataTypes.StringType)
            .add("text", DataTypes.StringType);
    private static final float TOLERANCE = 1e-5f;

    private static SparkSession spark;
    private static NomicEmbedder facade;

    @BeforeAll
    static void start() {
        spark = TestSpark.start("NomicEmbeddingTransformerIT");
        facade = NomicEmbedder.load(TestSpark.tinyModel(), transformer().spec().toOptions());
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

    private static NomicEmbeddingTransformer transformer() {
        return new NomicEmbeddingTransformer().setModelPath(TestSpark.tinyModel().toString());
    }

    @Test
    void vectorsEqualTheFacadesForTheSameTextsPromptAndDimensions() {
        List<String> texts = List.of("What is the capital of Germany?", "Berlin ist die Hauptstadt von Deutschland.",
                "The quick brown fox jumps over the lazy dog", "Hello world 🦓 zebra!");
        Dataset<Row> df = frame(texts, 2);

        List<Row> query = transformer().setPrompt("query").setDimensions(32).transform(df).collectAsList();
        List<Row> document = transformer().transform(df).collectAsList();
        List<Row> none = transformer().setPrompt("none").setDimensions(16).transform(df).collectAsList();
        List<Row> clustering = transformer().setPrompt("Clustering").transform(df).collectAsList();

        assertEmbeddings(query, facade.embed(texts, EmbeddingTask.QUERY.promptName(), 32));
        assertEmbeddings(document, facade.embed(texts, EmbeddingTask.DOCUMENT.promptName(), 64));
        assertEmbeddings(none, facade.embed(texts, EmbeddingTask.NONE.promptName(), 16));
        assertEmbeddings(clustering, facade.embed(texts, "Clustering", 64)); // a prompt of the model's own list
        assertThat(query.get(0).<Object>getList(2)).hasSize(32);
        assertThat(vector(query.get(0))).isNotEqualTo(vector(document.get(0))); // the prompt matters
    }

    @Test
    void keepsRowOrderAndIdsAcrossPartitionsWithOneModelPerExecutor() {
        int n = 60;
        Dataset<Row> df = spark.range(0, n, 1, 5)
                .select(functions.col("id"), functions.concat(functions.lit("document number "),
                        functions.col("id").cast("string"), functions.lit(" about topic "),
                        functions.col("id").mod(7).cast("string")).as("text"));
        long loadsBefore = ExecutorModels.loads();

        Dataset<Row> out = transformer().setDimensions(48).setRowsPerCall(5).setBatchSize(4).transform(df);
        List<Row> rows = out.collectAsList();

        assertThat(out.rdd().getNumPartitions()).isEqualTo(5);
        assertThat(rows).extracting(r -> r.getLong(0)).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, n).boxed().toList());
        List<String> texts = rows.stream().map(r -> r.getString(1)).toList();
        assertEmbeddings(rows, facade.embed(texts, EmbeddingTask.DOCUMENT.promptName(), 48));
        assertThat(ExecutorModels.loads() - loadsBefore).as("one load for 5 partitions on 2 cores").isEqualTo(1);
    }

    @Test
    void nullEmptyAndBlankTextsGetNullsAndOverLengthTextsAreTruncated() {
        String longText = "The quick brown fox jumps over the lazy dog. ".repeat(120);
        List<Row> in = List.of(row("a", null), row("b", ""), row("c", "   "), row("d", longText), row("e", "Hello"));
        List<Row> rows = transformer().transform(spark.createDataFrame(in, ID_TEXT).coalesce(1)).collectAsList();

        assertThat(rows).extracting(r -> r.getString(0)).containsExactly("a", "b", "c", "d", "e");
        for (Row r : rows.subList(0, 3)) {
            assertThat(r.isNullAt(2)).as("embedding of %s", r.getString(0)).isTrue();
            assertThat(r.isNullAt(3)).as("tokens of %s", r.getString(0)).isTrue();
        }
        assertThat(facade.countTokens(longText, EmbeddingTask.DOCUMENT.promptName()).untruncated()).isGreaterThan(512);
        assertThat(rows.get(3).getInt(3)).isEqualTo(512);
        assertEmbeddings(rows.subList(3, 5), facade.embed(List.of(longText, "Hello"), EmbeddingTask.DOCUMENT));
    }

    @Test
    void overLengthTextsFailTheJobWithTruncationError() {
        String longText = "word ".repeat(700);
        Dataset<Row> df = spark.createDataFrame(List.of(row("ok", "short"), row("long", longText)), ID_TEXT)
                .coalesce(1);
        NomicEmbeddingTransformer strict = transformer().setTruncation("error");

        assertThatThrownBy(() -> strict.transform(df).collectAsList())
                .hasStackTraceContaining("Cannot embed column 'text' in partition 0, row 1 of the partition")
                .hasStackTraceContaining("the maximum is 512");
    }

    @Test
    void addsAnMlVectorColumnOnRequest() {
        List<Row> rows = transformer().setVectorCol("features").setTokensCol("")
                .transform(frame(List.of("Paris is in France."), 1)).collectAsList();
        Row r = rows.get(0);
        Vector features = r.getAs("features");
        float[] embedding = vector(r);
        assertThat(r.schema().fieldNames()).containsExactly("id", "text", "embedding", "features");
        assertThat(features.size()).isEqualTo(embedding.length);
        for (int i = 0; i < embedding.length; i++) {
            assertThat(features.apply(i)).isEqualTo(embedding[i]);
        }
    }

    @Test
    void rejectsBadSettingsOnTheDriverNamingWhatIsAllowed() {
        Dataset<Row> df = frame(List.of("x"), 1);
        assertThatThrownBy(() -> transformer().setInputCol("body").transform(df))
                .hasMessageContaining("inputCol 'body' is not a column; columns: id, text");
        assertThatThrownBy(() -> transformer().setInputCol("n").transform(df.withColumn("n", functions.lit(1))))
                .hasMessageContaining("inputCol 'n' must be a string column, but is int");
        assertThatThrownBy(() -> transformer().setOutputCol("id").transform(df))
                .hasMessageContaining("output column 'id' already exists");
        assertThatThrownBy(() -> transformer().setPrompt("search query"))
                .hasMessageContaining("prompt 'search query' is invalid; allowed: query, document, none or a prompt");
        // the model directory is visible on the driver: an unknown prompt fails there, before any task
        assertThatThrownBy(() -> transformer().setPrompt("Summary2").transform(df))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown prompt name 'Summary2'; allowed: query, passage, BitextMining");
        assertThatThrownBy(() -> transformer().setTruncation("cut").transform(df))
                .hasMessageContaining("allowed: truncate, error");
        assertThatThrownBy(() -> transformer().setModelId("nomic-ai/x").transform(df))
                .hasMessageContaining("either modelPath or modelId");
        assertThatThrownBy(() -> new NomicEmbeddingTransformer().transform(df))
                .hasMessageContaining("No model: set modelPath");
        assertThatThrownBy(() -> transformer().setDimensions(-1).transform(df))
                .hasMessageContaining("dimensions must be >= 0");
        int hidden = new ConfigReader().read(TestSpark.tinyModel().resolve("config.json")).hiddenSize();
        assertThatThrownBy(() -> transformer().setDimensions(hidden + 1).transform(df).collectAsList())
                .hasStackTraceContaining("dimensions " + (hidden + 1) + " is out of range; allowed: 1.." + hidden);
    }

    @Test
    void resolvesTheModelFromACachePrefetchedOnTheNodeOffline(@TempDir Path cache) throws Exception {
        String commit = "0123456789abcdef0123456789abcdef01234567";
        Path snapshot = Files.createDirectories(cache.resolve("models--test--tiny-nomic/snapshots/" + commit));
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json",
                "config_sentence_transformers.json")) {
            Files.copy(TestSpark.tinyModel().resolve(f), snapshot.resolve(f));
        }
        NomicEmbeddingTransformer fromCache = new NomicEmbeddingTransformer().setModelId("test/tiny-nomic")
                .setRevision(commit).setCacheDir(cache.toString()).setOffline(true);
        List<String> texts = List.of("Berlin is the capital of Germany.", "Paris is in France.");

        assertEmbeddings(fromCache.transform(frame(texts, 2)).collectAsList(),
                facade.embed(texts, EmbeddingTask.DOCUMENT));
        assertThatThrownBy(() -> fromCache.setRevision("v2").transform(frame(texts, 1)).collectAsList())
                .hasStackTraceContaining("the cache has no revision 'v2' of test/tiny-nomic")
                .hasStackTraceContaining("prefetch test/tiny-nomic --revision v2 --cache-dir " + cache);
    }

    @Test
    void savedTransformersLoadWithTheirParams(@TempDir Path dir) throws Exception {
        NomicEmbeddingTransformer t = transformer().setPrompt("query").setDimensions(16).setOutputCol("v");
        t.write().save(dir.resolve("t").toString());

        NomicEmbeddingTransformer loaded = NomicEmbeddingTransformer.load(dir.resolve("t").toString());

        assertThat(loaded.uid()).isEqualTo(t.uid());
        assertThat(loaded.spec()).isEqualTo(t.spec());
        List<Row> a = t.transform(frame(List.of("Berlin"), 1)).collectAsList();
        List<Row> b = loaded.transform(frame(List.of("Berlin"), 1)).collectAsList();
        assertThat(vector(b.get(0), "v")).containsExactly(vector(a.get(0), "v"));
    }

    private static Dataset<Row> frame(List<String> texts, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(row("id-" + i, texts.get(i)));
        }
        return spark.createDataFrame(rows, ID_TEXT).repartition(partitions, functions.col("id"))
                .sortWithinPartitions("id").coalesce(partitions).orderBy("id");
    }

    private static Row row(String id, String text) {
        return RowFactory.create(id, text);
    }

    private static float[] vector(Row r) {
        return vector(r, "embedding");
    }

    private static float[] vector(Row r, String column) {
        List<Object> values = r.getList(r.fieldIndex(column));
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (Float) values.get(i);
        }
        return v;
    }

    private static void assertEmbeddings(List<Row> rows, EmbeddingResult expected) {
        assertThat(rows).hasSize(expected.size());
        for (int i = 0; i < rows.size(); i++) {
            float[] actual = vector(rows.get(i));
            float[] want = expected.vectors().get(i);
            assertThat(actual).as("row %d", i).hasSize(want.length);
            for (int d = 0; d < want.length; d++) {
                assertThat(actual[d]).as("row %d dim %d", i, d).isCloseTo(want[d], within(TOLERANCE));
            }
            assertThat(rows.get(i).getInt(rows.get(i).fieldIndex("tokens"))).isEqualTo(expected.tokenCounts()[i]);
        }
    }
}
