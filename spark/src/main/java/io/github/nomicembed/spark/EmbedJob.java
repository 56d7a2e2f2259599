package io.github.nomicembed.spark;

import io.github.nomicembed.core.config.ConfigReader;
import io.github.nomicembed.spark.pgvector.PgVectorTable;
import io.github.nomicembed.spark.pgvector.PgVectorTarget;
import io.github.nomicembed.spark.pgvector.PgVectorWriter;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch job: reads a corpus (Parquet, JSON lines or CSV with an id and a text column), embeds the texts with the
 * document prompt and writes {@code id, embedding, tokens} as Parquet/JSON, or upserts {@code id, content,
 * metadata, embedding} into Spring AI's {@code PgVectorStore} table. Run it with {@code spark-submit --class
 * io.github.nomicembed.spark.EmbedJob}, or with {@code java -cp ... -Dspark.master=local[2]}; see docs/spark.md.
 */
public final class EmbedJob {

    private static final Logger log = LoggerFactory.getLogger(EmbedJob.class);

    private EmbedJob() {
    }

    public static void main(String[] args) {
        JobOptions options;
        try {
            options = JobOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("EmbedJob: " + e.getMessage());
            System.err.print(JobOptions.USAGE);
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("nomic-embed EmbedJob").getOrCreate();
        try {
            Summary summary = run(spark, options);
            log.info("EmbedJob done: {}", summary);
            System.out.println("EmbedJob: " + summary);
        } finally {
            spark.stop();
        }
    }

    /** What a run wrote. */
    public record Summary(String output, long rowsWritten, long rowsWithoutText) {
        @Override
        public String toString() {
            return rowsWritten < 0 ? "written to " + output
                    : rowsWritten + " rows written to " + output + ", " + rowsWithoutText + " rows without text skipped";
        }
    }

    /** Runs the job on {@code spark}; throws on bad input, naming what was wrong. */
    public static Summary run(SparkSession spark, JobOptions o) {
        Dataset<Row> input = read(spark, o);
        if (o.partitions() > 0) {
            input = input.repartition(o.partitions());
        }
        NomicEmbeddingTransformer embed = new NomicEmbeddingTransformer()
                .setInputCol("text").setOutputCol("embedding").setTokensCol("tokens")
                .setPrompt(o.prompt()).setDimensions(o.dimensions())
                .setBatchSize(o.spec().batchSize()).setMaxBatchTokens(o.spec().maxBatchTokens())
                .setTruncation(o.spec().truncation()).setDevice(o.spec().device()).setThreads(o.spec().threads());
        ModelSource m = o.model();
        if (m.modelPath() != null) {
            embed.setModelPath(m.modelPath());
        } else {
            embed.setModelId(m.modelId()).setOffline(m.offline());
            if (m.revision() != null) {
                embed.setRevision(m.revision());
            }
            if (m.cacheDir() != null) {
                embed.setCacheDir(m.cacheDir());
            }
        }
        Dataset<Row> embedded = embed.transform(input);
        if (o.jdbcOutput()) {
            return writeTable(spark, o, embedded);
        }
        Dataset<Row> out = embedded.select("id", "embedding", "tokens");
        SaveMode mode = o.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
        if ("json".equals(o.outputFormat())) {
            out.write().mode(mode).option("ignoreNullFields", "false").json(o.output());
        } else {
            out.write().mode(mode).parquet(o.output());
        }
        return new Summary(o.output(), -1, -1);
    }

    private static Dataset<Row> read(SparkSession spark, JobOptions o) {
        DataFrameReader reader = spark.read();
        Dataset<Row> df = switch (o.inputFormat()) {
            case "json" -> reader.json(o.input());
            case "csv" -> reader.option("header", "true").option("multiLine", "true").option("escape", "\"")
                    .csv(o.input());
            default -> reader.parquet(o.input());
        };
        for (String[] c : new String[][] {{"--id-column", o.idColumn()}, {"--text-column", o.textColumn()}}) {
            if (!Arrays.asList(df.columns()).contains(c[1])) {
                throw new IllegalArgumentException(c[0] + " '" + c[1] + "' is not a column of " + o.input()
                        + "; columns: " + String.join(", ", df.columns()));
            }
        }
        if (!df.schema().apply(o.textColumn()).dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("--text-column '" + o.textColumn() + "' must hold strings, but is "
                    + df.schema().apply(o.textColumn()).dataType().simpleString());
        }
        return df.select(new Column(o.idColumn()).as("id"), new Column(o.textColumn()).as("text"));
    }

    private static Summary writeTable(SparkSession spark, JobOptions o, Dataset<Row> embedded) {
        PgVectorTarget target = new PgVectorTarget(o.output(), o.table(), o.user(), o.password());
        int dims = o.dimensions() > 0 ? o.dimensions() : hiddenSize(o.model());
        PgVectorTable.ensure(target, dims);
        LongAccumulator written = spark.sparkContext().longAccumulator("rows written");
        LongAccumulator skipped = spark.sparkContext().longAccumulator("rows without text");
        embedded.select(embedded.col("id").cast("string"), embedded.col("text"), embedded.col("embedding"))
                .foreachPartition(new PgVectorWriter(target, o.jdbcBatchSize(), written, skipped));
        int q = o.output().indexOf('?');
        return new Summary((q < 0 ? o.output() : o.output().substring(0, q)) + " table " + o.table(),
                written.value(), skipped.value());
    }

    /** The model's full dimension, read on the driver from config.json (pass --dimensions to skip this). */
    private static int hiddenSize(ModelSource model) {
        return new ConfigReader().read(model.resolve().resolve("config.json")).hiddenSize();
    }
}
