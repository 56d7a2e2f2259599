package io.github.nomicembed.core;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.github.nomicembed.core.batch.BatchPlanner;
import io.github.nomicembed.core.batch.BatchRunner;
import io.github.nomicembed.core.config.ConfigReader;
import io.github.nomicembed.core.config.ModelConfigException;
import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.model.NomicBertModel;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.prompt.Prompts;
import io.github.nomicembed.core.prompt.TaskPrefixes;
import io.github.nomicembed.core.runtime.ComputeType;
import io.github.nomicembed.core.runtime.NativeMemory;
import io.github.nomicembed.core.runtime.Placement;
import io.github.nomicembed.core.runtime.PyTorchRuntime;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException;
import io.github.nomicembed.core.schedule.EmbeddingScheduler;
import io.github.nomicembed.core.schedule.SchedulerOptions;
import io.github.nomicembed.core.tokenize.NomicTokenizer;
import io.github.nomicembed.core.tokenize.Tokenized;
import io.github.nomicembed.core.tokenize.TokenizerConfig;
import io.github.nomicembed.core.weights.ModelWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds texts with nomic-embed-text-v2-moe (or any NomicBERT-MoE checkpoint) in-process.
 *
 * <p>Thread-safe. By default calls go through an {@link EmbeddingScheduler}: the texts of concurrent callers
 * share forward passes run by long-lived worker threads, and each caller gets exactly the vectors it would get
 * alone. With the scheduler off every call runs on its caller's thread in its own native memory scope. Close
 * it to finish queued work and release the weights.
 *
 * <pre>{@code
 * try (NomicEmbedder embedder = NomicEmbedder.load(Path.of("/models/nomic-embed-text-v2-moe"))) {
 *     float[] query = embedder.embedQuery("What is the capital of Germany?");
 *     EmbeddingResult docs = embedder.embed(
 *             List.of("Berlin is the capital of Germany.", "Paris is in France."),
 *             EmbeddingTask.DOCUMENT, 256);                       // Matryoshka: first 256 dims, re-normalised
 *     float score = NomicEmbedder.dot(query, embedder.embed(List.of("Berlin ..."), EmbeddingTask.DOCUMENT)
 *             .vectors().get(0));
 * }
 * }</pre>
 */
public final class NomicEmbedder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NomicEmbedder.class);

    private final Path modelDir;
    private final EmbedderOptions options;
    private final NomicBertConfig config;
    private final Prompts prompts;
    private final TaskPrefixes prefixes;
    private final ComputeType dtype;
    private final NomicTokenizer tokenizer;
    private final BatchRunner runner;
    private final ModelWeights weights;
    private final NomicBertModel model;
    private final int defaultDimensions;
    private final int maxSequenceLength;
    private final EmbedderListener listener;
    private final EmbeddingScheduler scheduler;
    private final NativeMemory memory = NativeMemory.detect();
    private final AtomicBoolean closed = new AtomicBoolean();

    private NomicEmbedder(Path modelDir, EmbedderOptions options, EmbedderListener listener) {
        this.modelDir = modelDir;
        this.options = options;
        this.listener = listener == null ? EmbedderListener.NONE : listener;
        if (!Files.isDirectory(modelDir)) {
            throw new ModelConfigException(modelDir, "model directory not found");
        }
        this.config = new ConfigReader().read(modelDir.resolve("config.json"));
        int hidden = config.hiddenSize();
        if (options.dimensions() > hidden) {
            throw new IllegalArgumentException("dimensions " + options.dimensions() + " is out of range for this model; "
                    + "allowed: 1.." + hidden);
        }
        int tokenizerLimit = TokenizerConfig.modelMaxLength(modelDir.resolve("tokenizer_config.json"))
                .orElse(Integer.MAX_VALUE);
        this.maxSequenceLength = Math.min(options.maxSequenceLength(), Math.min(config.maxPositions(), tokenizerLimit));
        if (maxSequenceLength < options.maxSequenceLength()) {
            log.info("maxSequenceLength {} capped to {} (n_positions {}, tokenizer model_max_length {})",
                    options.maxSequenceLength(), maxSequenceLength, config.maxPositions(),
                    tokenizerLimit == Integer.MAX_VALUE ? "unset" : tokenizerLimit);
        }
        this.defaultDimensions = options.dimensions() == 0 ? hidden : options.dimensions();
        this.prompts = Prompts.resolve(modelDir, options.queryPrefix(), options.documentPrefix(), options.prompts());
        this.prefixes = prompts.taskPrefixes();
        SchedulerOptions schedule = options.scheduler();
        int threads = schedule.enabled() ? schedule.resolvedThreadsPerWorker(options.threads()) : options.threads();
        Engine engine = PyTorchRuntime.engine(threads);
        Placement placement = PyTorchRuntime.place(options.device(), options.dtype(), engine);
        Device device = placement.device();
        this.dtype = placement.dtype();
        NomicTokenizer tok = new NomicTokenizer(modelDir.resolve("tokenizer.json"), maxSequenceLength);
        ModelWeights w = null;
        try {
            long t0 = System.nanoTime();
            w = ModelWeights.load(modelDir.resolve("model.safetensors"), config, device, dtype);
            this.model = new NomicBertModel(w, maxSequenceLength);
            this.runner = new BatchRunner(model, new BatchPlanner(options.batchSize(), options.maxBatchTokens()),
                    config.padTokenId(), schedule.enabled() ? 0 : options.threads(), this.listener);
            log.info("Loaded {} from {} on {} ({}, {} layers, hidden {}, {} experts) in {} ms", options.modelName(),
                    modelDir, device, dtype, config.numLayers(), hidden, config.numExperts(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            tok.close();
            if (w != null) {
                w.close();
            }
            throw e;
        }
        this.tokenizer = tok;
        this.weights = w;
        this.scheduler = schedule.enabled() ? new EmbeddingScheduler(this::runTrimmed,
                schedule, options.batchSize(), options.maxBatchTokens(), this.listener, () -> {
                    JniUtils.setNumThreads(threads);
                    JniUtils.setGradMode(false);
                }) : null;
        if (scheduler != null) {
            log.info("Request scheduler on: {} worker(s) x {} intra-op thread(s), queue bounds {} texts / {} tokens",
                    schedule.workers(), threads, schedule.maxQueuedTexts(), schedule.maxQueuedTokens());
        }
    }

    /** Loads the model in {@code modelDir} with default options. */
    public static NomicEmbedder load(Path modelDir) {
        return load(modelDir, EmbedderOptions.defaults());
    }

    /**
     * Loads the model in {@code modelDir}: {@code config.json}, {@code model.safetensors},
     * {@code tokenizer.json} and optionally {@code config_sentence_transformers.json} (prompts).
     *
     * @throws ModelConfigException naming the file and the problem when the directory is unusable
     * @throws IllegalArgumentException when an option does not fit the model or host
     */
    public static NomicEmbedder load(Path modelDir, EmbedderOptions options) {
        return new NomicEmbedder(modelDir, options, EmbedderListener.NONE);
    }

    /**
     * Same as {@link #load(Path, EmbedderOptions)}, telling {@code listener} about requests, forward passes,
     * queue waits, rejections and out-of-memory splits (e.g. for metrics).
     */
    public static NomicEmbedder load(Path modelDir, EmbedderOptions options, EmbedderListener listener) {
        return new NomicEmbedder(modelDir, options, listener);
    }

    /** Embeds {@code texts} for {@code task} at the default dimension. */
    public EmbeddingResult embed(List<String> texts, EmbeddingTask task) {
        return embed(texts, task, defaultDimensions);
    }

    /**
     * Embeds {@code texts} for {@code task}; vectors are truncated to {@code dimensions} and re-normalised.
     *
     * @throws IllegalArgumentException for a null list or element, a dimension outside {@code 1..hidden},
     *     or (with {@link TruncationPolicy#ERROR}) a text over the maximum length
     * @throws io.github.nomicembed.core.schedule.EmbeddingRejectedException when the request scheduler's queue
     *     is full, the request timeout runs out, or the embedder is closing
     * @throws io.github.nomicembed.core.schedule.EmbeddingOutOfMemoryException when a single text does not fit
     *     in the device's memory
     */
    public EmbeddingResult embed(List<String> texts, EmbeddingTask task, int dimensions) {
        return embed(texts, promptName(task), dimensions);
    }

    /** Embeds {@code texts} with prompt {@code promptName} (see {@link #prompts()}) at the default dimension. */
    public EmbeddingResult embed(List<String> texts, String promptName) {
        return embed(texts, promptName, defaultDimensions);
    }

    /**
     * Embeds {@code texts} with the prefix of prompt {@code promptName}: any name of {@link #prompts()} (the
     * model's {@code config_sentence_transformers.json} prompts such as {@code Clustering}, and added ones),
     * {@code document} (= {@code passage}) or {@code none}; vectors are truncated to {@code dimensions} and
     * re-normalised.
     *
     * @throws IllegalArgumentException for an unknown prompt name (listing the names allowed), a null list or
     *     element, a dimension outside {@code 1..hidden}, or (with {@link TruncationPolicy#ERROR}) a text over
     *     the maximum length
     */
    public EmbeddingResult embed(List<String> texts, String promptName, int dimensions) {
        if (closed.get()) {
            listener.onRejected(EmbeddingRejectedException.Reason.SHUT_DOWN);
        }
        ensureOpen();
        if (texts == null) {
            throw new IllegalArgumentException("texts must not be null");
        }
        String prefix = prompts.prefix(promptName);
        checkDimensions(dimensions);
        List<Tokenized> tokenized = tokenize(texts, prefix);
        if (tokenized.isEmpty()) {
            return new EmbeddingResult(List.of(), new int[0]);
        }
        float[][] pooled = scheduler != null ? scheduler.run(tokenized) : runTrimmed(tokenized);
        List<float[]> vectors = new ArrayList<>(pooled.length);
        int[] counts = new int[pooled.length];
        for (int i = 0; i < pooled.length; i++) {
            vectors.add(Matryoshka.truncateAndNormalize(pooled[i], dimensions));
            counts[i] = tokenized.get(i).length();
        }
        return new EmbeddingResult(vectors, counts);
    }

    /** One query vector at the default dimension. */
    public float[] embedQuery(String text) {
        return embed(List.of(requireText(text)), EmbeddingTask.QUERY).vectors().get(0);
    }

    /** One document vector at the default dimension. */
    public float[] embedDocument(String text) {
        return embed(List.of(requireText(text)), EmbeddingTask.DOCUMENT).vectors().get(0);
    }

    /** Tokens {@code text} is embedded with under {@code task} (prefix and special tokens included, truncated). */
    public int countTokens(String text, EmbeddingTask task) {
        return countTokens(text, promptName(task));
    }

    /** Tokens {@code text} is embedded with under {@code promptName} (prefix, special tokens, truncation applied). */
    public int countTokens(String text, String promptName) {
        ensureOpen();
        return tokenizer.encode(prepare(text, promptName)).length();
    }

    /** Tokens {@code text} has under {@code task} before truncation (prefix and special tokens included). */
    public int countTokensUntruncated(String text, EmbeddingTask task) {
        return countTokensUntruncated(text, promptName(task));
    }

    /** Tokens {@code text} has under {@code promptName} before truncation (prefix and special tokens included). */
    public int countTokensUntruncated(String text, String promptName) {
        ensureOpen();
        return tokenizer.countUntruncated(prepare(text, promptName));
    }

    /** The text the model sees for {@code text} under {@code task}. */
    public String prepare(String text, EmbeddingTask task) {
        return prepare(text, promptName(task));
    }

    /**
     * The text the model sees for {@code text} under prompt {@code promptName}.
     *
     * @throws IllegalArgumentException for an unknown prompt name, listing the names allowed
     */
    public String prepare(String text, String promptName) {
        String prefix = prompts.prefix(promptName);
        return prompts.applyPrefix(requireText(text), prefix);
    }

    private static String promptName(EmbeddingTask task) {
        if (task == null) {
            throw new IllegalArgumentException("task must not be null; allowed: QUERY, DOCUMENT, NONE");
        }
        return task.promptName();
    }

    /**
     * Tokenizes, batches and runs already prefixed texts and returns mean-pooled, not normalised vectors in
     * input order. For callers that manage their own queue (e.g. a micro-batcher); most use {@link #embed}.
     */
    public float[][] pooled(List<Tokenized> tokenized, ForwardTrace trace) {
        ensureOpen();
        return runner.run(tokenized, trace);
    }

    /** Runs the passes, then gives what libtorch freed back to the OS, keeping RSS near the working set. */
    private float[][] runTrimmed(List<Tokenized> texts) {
        try {
            return runner.run(texts, ForwardTrace.NONE);
        } finally {
            memory.trim();
        }
    }

    private List<Tokenized> tokenize(List<String> texts, String prefix) {
        List<Tokenized> out = new ArrayList<>(texts.size());
        int truncated = 0;
        long tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("texts[" + i + "] is null; every text must be a string (empty is allowed)");
            }
            String prepared = prompts.applyPrefix(text, prefix);
            Tokenized t = tokenizer.encode(prepared);
            if (t.truncated() && options.truncation() == TruncationPolicy.ERROR) {
                throw new IllegalArgumentException("texts[" + i + "] has " + tokenizer.countUntruncated(prepared)
                        + " tokens (prefix and special tokens included); the maximum is " + tokenizer.maxLength()
                        + ". Shorten it or use truncation 'truncate'.");
            }
            out.add(t);
            truncated += t.truncated() ? 1 : 0;
            tokens += t.length();
        }
        if (truncated > 0) {
            listener.onTruncated(truncated);
        }
        listener.onRequest(out.size(), tokens);
        return out;
    }

    /** Tokenizes an already prepared text (prefix applied), truncating to the maximum length. */
    public Tokenized tokenize(String preparedText) {
        ensureOpen();
        return tokenizer.encode(requireText(preparedText));
    }

    private void checkDimensions(int dimensions) {
        if (dimensions < 1 || dimensions > config.hiddenSize()) {
            int hidden = config.hiddenSize();
            throw new IllegalArgumentException("dimensions " + dimensions + " is out of range; allowed: 1.." + hidden
                    + (hidden > 256 ? " (Matryoshka-trained range: 256.." + hidden + ")" : ""));
        }
    }

    private static String requireText(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return text;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new EmbeddingRejectedException(EmbeddingRejectedException.Reason.SHUT_DOWN,
                    "this NomicEmbedder is closed");
        }
    }

    /** The model's config. */
    public NomicBertConfig config() {
        return config;
    }

    /** The options it was built with. */
    public EmbedderOptions options() {
        return options;
    }

    /** The resolved query and document prefixes. */
    public TaskPrefixes prefixes() {
        return prefixes;
    }

    /**
     * Every prompt, name to prefix, in order: the model's {@code config_sentence_transformers.json} prompts
     * (with the configured query and document prefixes), then the added ones. {@link #embed(List, String)}
     * also accepts {@code document} (= {@code passage}) and {@code none}.
     */
    public Map<String, String> prompts() {
        return prompts.byName();
    }

    /**
     * The prefix of prompt {@code promptName} ({@code ""} for {@code none}).
     *
     * @throws IllegalArgumentException for an unknown prompt name, listing the names allowed
     */
    public String promptPrefix(String promptName) {
        return prompts.prefix(promptName);
    }

    /** Every prompt name the {@code String promptName} methods accept: {@link #prompts()}, document and none. */
    public List<String> promptNames() {
        return prompts.names();
    }

    /** The compute type in use (float32 when float16 was asked for with device auto on a host without CUDA). */
    public ComputeType dtype() {
        return dtype;
    }

    /** Output dimension used when a call names none. */
    public int dimensions() {
        return defaultDimensions;
    }

    /** The model's hidden size (the largest valid dimension). */
    public int hiddenSize() {
        return config.hiddenSize();
    }

    /** Maximum tokens per text. */
    public int maxSequenceLength() {
        return maxSequenceLength;
    }

    /** Name reported with results. */
    public String modelName() {
        return options.modelName();
    }

    /** The directory the model was loaded from. */
    public Path modelDir() {
        return modelDir;
    }

    /** The device the model runs on. */
    public Device device() {
        return weights.device();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Dot product (= cosine similarity for the unit vectors this class returns). */
    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return (float) s;
    }

    /** Texts waiting in the request scheduler's queue (0 with the scheduler off). */
    public int queuedTexts() {
        return scheduler == null ? 0 : scheduler.queuedTexts();
    }

    /** Tokens waiting in the request scheduler's queue (0 with the scheduler off). */
    public long queuedTokens() {
        return scheduler == null ? 0 : scheduler.queuedTokens();
    }

    /**
     * Stops taking calls, lets queued work finish within the scheduler's shutdown grace (then rejects the rest
     * with {@code SHUT_DOWN}), and releases the weights and the tokenizer. Without the scheduler, calls in
     * flight must have finished.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (scheduler != null) {
                scheduler.close();
            }
            model.close();
            weights.close();
            tokenizer.close();
        }
    }

    @Override
    public String toString() {
        return "NomicEmbedder[" + modelDir + ", " + options.device() + ", dims=" + defaultDimensions
                + ", maxSeq=" + maxSequenceLength + ", batch=" + options.batchSize() + "/"
                + options.maxBatchTokens() + ", " + Arrays.asList(prefixes.query(), prefixes.document()) + "]";
    }
}
