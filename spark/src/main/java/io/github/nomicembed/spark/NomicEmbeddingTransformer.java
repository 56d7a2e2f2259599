package io.github.nomicembed.spark;

import java.util.Arrays;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark ML {@link Transformer} that embeds a string column with nomic-embed-text-v2-moe on the executors.
 *
 * <pre>{@code
 * Dataset<Row> out = new NomicEmbeddingTransformer()
 *         .setInputCol("text").setOutputCol("embedding")      // array<float>, unit length
 *         .setPrompt("document").setDimensions(256)
 *         .setModelPath("/mnt/models/nomic-embed-text-v2-moe")
 *         .transform(df);                                     // + "tokens" (int)
 * }</pre>
 *
 * <p>Adds {@code outputCol} ({@code array<float>}), {@code tokensCol} ({@code int}, tokens embedded incl. prefix and
 * special tokens, after truncation; "" to leave out) and, if set, {@code vectorCol} (ML {@code Vector}). Rows whose
 * text is null, empty or blank get nulls there; the job does not fail. Texts over 512 tokens are truncated, or fail
 * the task with {@code truncation=error}. Each executor JVM loads the model once per model configuration
 * ({@link ExecutorModels}); rows keep their order and partitioning.
 */
public final class NomicEmbeddingTransformer extends Transformer implements DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> tokensCol;
    private final Param<String> vectorCol;
    private final Param<String> prompt;
    private final IntParam dimensions;
    private final IntParam batchSize;
    private final IntParam maxBatchTokens;
    private final IntParam rowsPerCall;
    private final Param<String> truncation;
    private final Param<String> device;
    private final IntParam threads;
    private final Param<String> modelPath;
    private final Param<String> modelId;
    private final Param<String> revision;
    private final Param<String> cacheDir;
    private final BooleanParam offline;

    public NomicEmbeddingTransformer() {
        this(Identifiable$.MODULE$.randomUID("nomicEmbed"));
    }

    /** Used by Spark's {@code copy} and {@code load}. */
    public NomicEmbeddingTransformer(String uid) {
        this.uid = uid;
        inputCol = new Param<>(this, "inputCol", "string column to embed");
        outputCol = new Param<>(this, "outputCol", "array<float> column for the embeddings");
        tokensCol = new Param<>(this, "tokensCol", "int column for the token counts; empty to leave it out");
        vectorCol = new Param<>(this, "vectorCol", "optional ML Vector column with the same embedding; empty for none");
        prompt = new Param<>(this, "prompt", "prompt: query, document or none");
        dimensions = new IntParam(this, "dimensions", "output dimensions (Matryoshka), 0 for the model's full size");
        batchSize = new IntParam(this, "batchSize", "maximum texts per forward pass");
        maxBatchTokens = new IntParam(this, "maxBatchTokens", "maximum padded token positions per forward pass");
        rowsPerCall = new IntParam(this, "rowsPerCall", "rows read from a partition per engine call");
        truncation = new Param<>(this, "truncation", "texts over 512 tokens: truncate or error");
        device = new Param<>(this, "device", "auto, cpu, cuda or cuda:N");
        threads = new IntParam(this, "threads", "libtorch intra-op threads per executor JVM, 0 for the default");
        modelPath = new Param<>(this, "modelPath", "model directory, readable on every executor");
        modelId = new Param<>(this, "modelId", "Hugging Face Hub model id, resolved through the model cache");
        revision = new Param<>(this, "revision", "Hub revision; empty for the cache's default");
        cacheDir = new Param<>(this, "cacheDir", "model cache directory on each node; empty for the default");
        offline = new BooleanParam(this, "offline", "use only the model cache, never the network");
        setDefault(inputCol, "text");
        setDefault(outputCol, "embedding");
        setDefault(tokensCol, "tokens");
        setDefault(vectorCol, "");
        setDefault(prompt, "document");
        setDefault(dimensions, 0);
        setDefault(batchSize, 64);
        setDefault(maxBatchTokens, 4096);
        setDefault(rowsPerCall, 256);
        setDefault(truncation, "truncate");
        setDefault(device, "auto");
        setDefault(threads, 0);
        setDefault(modelPath, "");
        setDefault(modelId, "");
        setDefault(revision, "");
        setDefault(cacheDir, "");
        setDefault(offline, false);
    }

    /** Reads a transformer saved with {@code write().save(path)}. */
    public static MLReader<NomicEmbeddingTransformer> read() {
        return new DefaultParamsReadable<NomicEmbeddingTransformer>() { }.read();
    }

    /** Loads a transformer saved with {@code save(path)}. */
    public static NomicEmbeddingTransformer load(String path) {
        return read().load(path);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        EmbedderSpec spec = spec();
        String text = getOrDefault(inputCol);
        int textIndex = dataset.schema().fieldIndex(text);
        String promptName = PromptSelector.validate(getOrDefault(prompt));
        PromptSelector.checkOnDriver(spec.source(), promptName);
        PartitionEmbedder fn = new PartitionEmbedder(spec, promptName,
                positive(dimensions, true), textIndex, text, !getOrDefault(tokensCol).isBlank(),
                !getOrDefault(vectorCol).isBlank(), positive(rowsPerCall, false));
        return dataset.toDF().mapPartitions(fn, Encoders.row(out));
    }

    /** Checks the input column and the settings, and returns the output schema. */
    @Override
    public StructType transformSchema(StructType schema) {
        String text = getOrDefault(inputCol);
        if (!Arrays.asList(schema.fieldNames()).contains(text)) {
            throw new IllegalArgumentException("inputCol '" + text + "' is not a column; columns: "
                    + String.join(", ", schema.fieldNames()));
        }
        if (!schema.apply(text).dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("inputCol '" + text + "' must be a string column, but is "
                    + schema.apply(text).dataType().simpleString() + "; cast it first");
        }
        PromptSelector.validate(getOrDefault(prompt));
        positive(dimensions, true);
        positive(rowsPerCall, false);
        spec();
        StructType out = add(schema, getOrDefault(outputCol), DataTypes.createArrayType(DataTypes.FloatType, false));
        if (!getOrDefault(tokensCol).isBlank()) {
            out = add(out, getOrDefault(tokensCol), DataTypes.IntegerType);
        }
        if (!getOrDefault(vectorCol).isBlank()) {
            out = add(out, getOrDefault(vectorCol), SQLDataTypes.VectorType());
        }
        return out;
    }

    /** The model configuration the executors load (validated). */
    public EmbedderSpec spec() {
        String path = getOrDefault(modelPath);
        String id = getOrDefault(modelId);
        ModelSource source = path.isBlank() ? ModelSource.hub(id, getOrDefault(revision), getOrDefault(cacheDir),
                (Boolean) getOrDefault(offline))
                : new ModelSource(path, id, getOrDefault(revision), getOrDefault(cacheDir), false);
        return new EmbedderSpec(source, getOrDefault(device), (Integer) getOrDefault(batchSize),
                (Integer) getOrDefault(maxBatchTokens), getOrDefault(truncation), (Integer) getOrDefault(threads));
    }

    @Override
    public NomicEmbeddingTransformer copy(ParamMap extra) {
        return (NomicEmbeddingTransformer) defaultCopy(extra);
    }

    private int positive(IntParam p, boolean zeroAllowed) {
        int v = (Integer) getOrDefault(p);
        if (v < (zeroAllowed ? 0 : 1)) {
            throw new IllegalArgumentException(p.name() + " must be " + (zeroAllowed ? ">= 0" : ">= 1") + ", was " + v);
        }
        return v;
    }

    private static StructType add(StructType schema, String name, org.apache.spark.sql.types.DataType type) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("output column names must not be blank");
        }
        if (Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("output column '" + name + "' already exists; choose another name");
        }
        return schema.add(new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty()));
    }

    // ---- params (Spark finds them by reflection: public, no arguments, returning a Param) and setters

    public Param<String> inputCol() { return inputCol; }
    public Param<String> outputCol() { return outputCol; }
    public Param<String> tokensCol() { return tokensCol; }
    public Param<String> vectorCol() { return vectorCol; }
    public Param<String> prompt() { return prompt; }
    public IntParam dimensions() { return dimensions; }
    public IntParam batchSize() { return batchSize; }
    public IntParam maxBatchTokens() { return maxBatchTokens; }
    public IntParam rowsPerCall() { return rowsPerCall; }
    public Param<String> truncation() { return truncation; }
    public Param<String> device() { return device; }
    public IntParam threads() { return threads; }
    public Param<String> modelPath() { return modelPath; }
    public Param<String> modelId() { return modelId; }
    public Param<String> revision() { return revision; }
    public Param<String> cacheDir() { return cacheDir; }
    public BooleanParam offline() { return offline; }

    public NomicEmbeddingTransformer setInputCol(String v) { set(inputCol, v); return this; }
    public NomicEmbeddingTransformer setOutputCol(String v) { set(outputCol, v); return this; }
    public NomicEmbeddingTransformer setTokensCol(String v) { set(tokensCol, v); return this; }
    public NomicEmbeddingTransformer setVectorCol(String v) { set(vectorCol, v); return this; }
    public NomicEmbeddingTransformer setPrompt(String v) { set(prompt, PromptSelector.validate(v)); return this; }
    public NomicEmbeddingTransformer setDimensions(int v) { set(dimensions, v); return this; }
    public NomicEmbeddingTransformer setBatchSize(int v) { set(batchSize, v); return this; }
    public NomicEmbeddingTransformer setMaxBatchTokens(int v) { set(maxBatchTokens, v); return this; }
    public NomicEmbeddingTransformer setRowsPerCall(int v) { set(rowsPerCall, v); return this; }
    public NomicEmbeddingTransformer setTruncation(String v) { set(truncation, v); return this; }
    public NomicEmbeddingTransformer setDevice(String v) { set(device, v); return this; }
    public NomicEmbeddingTransformer setThreads(int v) { set(threads, v); return this; }
    public NomicEmbeddingTransformer setModelPath(String v) { set(modelPath, v); return this; }
    public NomicEmbeddingTransformer setModelId(String v) { set(modelId, v); return this; }
    public NomicEmbeddingTransformer setRevision(String v) { set(revision, v); return this; }
    public NomicEmbeddingTransformer setCacheDir(String v) { set(cacheDir, v); return this; }
    public NomicEmbeddingTransformer setOffline(boolean v) { set(offline, v); return this; }
}
