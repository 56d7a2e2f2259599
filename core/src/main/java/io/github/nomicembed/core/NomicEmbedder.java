package io.github.nomicembed.core;

import ai.djl.Device;
import io.github.nomicembed.core.config.ModelConfigException;
import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.prompt.Prompts;
import io.github.nomicembed.core.prompt.TaskPrefixes;
import io.github.nomicembed.core.runtime.BlasInfo;
import io.github.nomicembed.core.runtime.ComputeType;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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

    private final EmbedderOptions options;
    private final EmbedderListener listener;
    private final CompletableFuture<NomicEmbedder> loading = new CompletableFuture<>();
    private final long createdNanos = System.nanoTime();
    private final Object loadLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile LoadedModel loaded;
    private volatile Throwable loadFailure;

    private NomicEmbedder(EmbedderOptions options, EmbedderListener listener) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        this.options = options;
        this.listener = listener == null ? EmbedderListener.NONE : listener;
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
        return load(modelDir, options, EmbedderListener.NONE);
    }

    /**
     * Same as {@link #load(Path, EmbedderOptions)}, telling {@code listener} about requests, forward passes,
     * queue waits, rejections and out-of-memory splits (e.g. for metrics).
     */
    public static NomicEmbedder load(Path modelDir, EmbedderOptions options, EmbedderListener listener) {
        if (modelDir == null) {
            throw new IllegalArgumentException("modelDir must not be null");
        }
        NomicEmbedder embedder = new NomicEmbedder(options, listener);
        embedder.loaded = new LoadedModel(modelDir, options, embedder.listener);
        embedder.loading.complete(embedder);
        return embedder;
    }

    /**
     * Returns at once and loads on a background thread ({@code nomic-model-load}): first {@code modelDir} is
     * called (it may download the model, or check it), then the directory is loaded as by
     * {@link #load(Path, EmbedderOptions, EmbedderListener)}. Until then {@link #isLoaded()} is false, every call
     * that needs the model throws {@link EmbeddingRejectedException} with reason
     * {@link EmbeddingRejectedException.Reason#NOT_LOADED NOT_LOADED}, and after a failed load with reason
     * {@link EmbeddingRejectedException.Reason#LOAD_FAILED LOAD_FAILED} naming the failure. {@link #dimensions()}
     * answers at once when {@code options} name the dimension; {@link #modelName()}, {@link #options()} and the
     * queue sizes always do.
     *
     * <pre>{@code
     * NomicEmbedder embedder = NomicEmbedder.loadInBackground(() -> cache.resolve(...), options, listener);
     * embedder.whenLoaded().thenRun(() -> log.info("ready"));       // or poll isLoaded() / loadFailure()
     * }</pre>
     */
    public static NomicEmbedder loadInBackground(Callable<Path> modelDir, EmbedderOptions options,
            EmbedderListener listener) {
        if (modelDir == null) {
            throw new IllegalArgumentException("modelDir must not be null");
        }
        NomicEmbedder embedder = new NomicEmbedder(options, listener);
        Thread thread = new Thread(() -> embedder.loadFrom(modelDir), "nomic-model-load");
        thread.setDaemon(true);
        thread.start();
        return embedder;
    }

    private void loadFrom(Callable<Path> source) {
        LoadedModel model;
        try {
            Path dir = source.call();
            if (dir == null) {
                throw new IllegalStateException("the model directory source returned no directory");
            }
            model = new LoadedModel(dir, options, listener);
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            loadFailure = e;
            log.error("Loading {} failed: {}", options.modelName(), e.getMessage(), e);
            loading.completeExceptionally(e);
            return;
        }
        synchronized (loadLock) {
            if (!closed.get()) {
                loaded = model;
            }
        }
        if (loaded == null) {
            model.close();
            loading.completeExceptionally(new EmbeddingRejectedException(EmbeddingRejectedException.Reason.SHUT_DOWN,
                    "this NomicEmbedder was closed while loading"));
        } else {
            loading.complete(this);
        }
    }

    /** Whether the model is loaded (always, for {@link #load}); calls are taken from then on until closed. */
    public boolean isLoaded() {
        return loaded != null;
    }

    /**
     * Completes with this embedder once the model is loaded, or exceptionally with what made the load fail
     * (already complete for {@link #load}).
     */
    public CompletableFuture<NomicEmbedder> whenLoaded() {
        return loading.copy();
    }

    /** What made a background load fail; empty while loading, once loaded, and for {@link #load}. */
    public Optional<Throwable> loadFailure() {
        return Optional.ofNullable(loadFailure);
    }

    /** The loaded model, whether or not closed since; a typed rejection while loading or after a failed load. */
    private LoadedModel model() {
        LoadedModel m = loaded;
        if (m != null) {
            return m;
        }
        Throwable failure = loadFailure;
        if (failure != null) {
            EmbeddingRejectedException e = new EmbeddingRejectedException(EmbeddingRejectedException.Reason.LOAD_FAILED,
                    "the nomic model failed to load: " + failure.getMessage());
            e.initCause(failure);
            throw e;
        }
        throw new EmbeddingRejectedException(EmbeddingRejectedException.Reason.NOT_LOADED, "the nomic model is "
                + "still loading (for " + (System.nanoTime() - createdNanos) / 1_000_000_000 + " s); calls are "
                + "refused until it is loaded");
    }

    /** The loaded model, open; rejections as {@link #model()}, or {@code SHUT_DOWN} once closed. */
    private LoadedModel openModel() {
        ensureOpen();
        return model();
    }

    /** Embeds {@code texts} for {@code task} at the default dimension. */
    public EmbeddingResult embed(List<String> texts, EmbeddingTask task) {
        return embedWith(texts, promptName(task), null);
    }

    /**
     * Embeds {@code texts} for {@code task}; vectors are truncated to {@code dimensions} and re-normalised.
     *
     * @throws IllegalArgumentException for a null list or element, a dimension outside {@code 1..hidden},
     *     or (with {@link TruncationPolicy#ERROR}) a text over the maximum length
     * @throws EmbeddingRejectedException when the request scheduler's queue is full, the request timeout runs
     *     out, the embedder is closing, or the model is not loaded (yet, or ever: a background load failed)
     * @throws io.github.nomicembed.core.schedule.EmbeddingOutOfMemoryException when a single text does not fit
     *     in the device's memory
     */
    public EmbeddingResult embed(List<String> texts, EmbeddingTask task, int dimensions) {
        return embedWith(texts, promptName(task), dimensions);
    }

    /** Embeds {@code texts} with prompt {@code promptName} (see {@link #prompts()}) at the default dimension. */
    public EmbeddingResult embed(List<String> texts, String promptName) {
        return embedWith(texts, promptName, null);
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
     * @throws EmbeddingRejectedException as {@link #embed(List, EmbeddingTask, int)}
     */
    public EmbeddingResult embed(List<String> texts, String promptName, int dimensions) {
        return embedWith(texts, promptName, dimensions);
    }

    /**
     * Embeds {@code texts} like {@link #embed(List, String, int)}, without waiting: the texts are checked and
     * tokenized now (bad input and a full queue throw at once), and the vectors come in the returned future.
     * Cancelling the future drops the texts not yet in a forward pass; the scheduler's {@code requestTimeout}
     * does not apply (the caller decides how long to wait). With the scheduler off the texts run now, on the
     * calling thread, and the future is already complete.
     *
     * <pre>{@code
     * CompletableFuture<EmbeddingResult> pending = embedder.embedAsync(texts, "query", 768);
     * EmbeddingResult result = pending.get(2, TimeUnit.SECONDS);   // on timeout: pending.cancel(true)
     * }</pre>
     *
     * @throws IllegalArgumentException as {@link #embed(List, String, int)}
     * @throws EmbeddingRejectedException when the queue is full, the embedder is closing or the model is not
     *     loaded
     */
    public CompletableFuture<EmbeddingResult> embedAsync(List<String> texts, String promptName, int dimensions) {
        Call call = call(texts, promptName, dimensions);
        if (call.tokenized().isEmpty()) {
            return CompletableFuture.completedFuture(call.result(new float[0][]));
        }
        CompletableFuture<float[][]> pooled = call.model().submit(call.tokenized());
        CompletableFuture<EmbeddingResult> result = pooled.thenApply(call::result);
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                pooled.cancel(false);
            }
        });
        return result;
    }

    /** {@code dimensions} {@code null}: the default dimension. */
    private EmbeddingResult embedWith(List<String> texts, String promptName, Integer dimensions) {
        Call call = call(texts, promptName, dimensions);
        if (call.tokenized().isEmpty()) {
            return call.result(new float[0][]);
        }
        return call.result(call.model().run(call.tokenized()));
    }

    /** Checks and tokenizes a call's texts on the loaded model. */
    private Call call(List<String> texts, String promptName, Integer dimensions) {
        LoadedModel m;
        try {
            m = openModel();
        } catch (EmbeddingRejectedException e) {
            listener.onRejected(e.reason());
            throw e;
        }
        if (texts == null) {
            throw new IllegalArgumentException("texts must not be null");
        }
        String prefix = m.prompts.prefix(promptName);
        int dims = dimensions == null ? m.defaultDimensions : dimensions;
        Matryoshka.checkDimensions(dims, m.config.hiddenSize());
        return new Call(m, tokenize(m, texts, prefix), dims);
    }

    /** A checked, tokenized call. */
    private record Call(LoadedModel model, List<Tokenized> tokenized, int dimensions) {

        /** The vectors (truncated to {@code dimensions}, re-normalised) and token counts, in input order. */
        EmbeddingResult result(float[][] pooled) {
            List<float[]> vectors = new ArrayList<>(pooled.length);
            int[] counts = new int[pooled.length];
            for (int i = 0; i < pooled.length; i++) {
                vectors.add(Matryoshka.truncateAndNormalize(pooled[i], dimensions));
                counts[i] = tokenized.get(i).length();
            }
            return new EmbeddingResult(vectors, counts);
        }
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
        return openModel().tokenizer.encode(prepare(text, promptName)).length();
    }

    /** Tokens {@code text} has under {@code task} before truncation (prefix and special tokens included). */
    public int countTokensUntruncated(String text, EmbeddingTask task) {
        return countTokensUntruncated(text, promptName(task));
    }

    /** Tokens {@code text} has under {@code promptName} before truncation (prefix and special tokens included). */
    public int countTokensUntruncated(String text, String promptName) {
        return openModel().tokenizer.countUntruncated(prepare(text, promptName));
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
        Prompts prompts = model().prompts;
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
        return openModel().pooled(tokenized, trace);
    }

    private List<Tokenized> tokenize(LoadedModel m, List<String> texts, String prefix) {
        List<Tokenized> out = new ArrayList<>(texts.size());
        int truncated = 0;
        long tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("texts[" + i + "] is null; every text must be a string (empty is allowed)");
            }
            String prepared = m.prompts.applyPrefix(text, prefix);
            Tokenized t = m.tokenizer.encode(prepared);
            if (t.truncated() && options.truncation() == TruncationPolicy.ERROR) {
                throw new IllegalArgumentException("texts[" + i + "] has " + m.tokenizer.countUntruncated(prepared)
                        + " tokens (prefix and special tokens included); the maximum is " + m.tokenizer.maxLength()
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
        return openModel().tokenizer.encode(requireText(preparedText));
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

    /**
     * The model's config.
     *
     * @throws EmbeddingRejectedException ({@code NOT_LOADED} or {@code LOAD_FAILED}) before the model is loaded;
     *     so do the other accessors of the loaded model below, except {@link #dimensions()} when configured
     */
    public NomicBertConfig config() {
        return model().config;
    }

    /** The options it was built with. */
    public EmbedderOptions options() {
        return options;
    }

    /** The resolved query and document prefixes. */
    public TaskPrefixes prefixes() {
        return model().prompts.taskPrefixes();
    }

    /**
     * Every prompt, name to prefix, in order: the model's {@code config_sentence_transformers.json} prompts
     * (with the configured query and document prefixes), then the added ones. {@link #embed(List, String)}
     * also accepts {@code document} (= {@code passage}) and {@code none}.
     */
    public Map<String, String> prompts() {
        return model().prompts.byName();
    }

    /**
     * The prefix of prompt {@code promptName} ({@code ""} for {@code none}).
     *
     * @throws IllegalArgumentException for an unknown prompt name, listing the names allowed
     */
    public String promptPrefix(String promptName) {
        return model().prompts.prefix(promptName);
    }

    /** Every prompt name the {@code String promptName} methods accept: {@link #prompts()}, document and none. */
    public List<String> promptNames() {
        return model().prompts.names();
    }

    /** The compute type in use (float32 when float16 was asked for with device auto on a host without CUDA). */
    public ComputeType dtype() {
        return model().dtype;
    }

    /**
     * Output dimension used when a call names none: the configured one, else the model's hidden size. Before a
     * background load ends, the configured one is known at once; without one this waits for the load to end.
     *
     * @throws EmbeddingRejectedException ({@code LOAD_FAILED}) when the background load failed, or
     *     ({@code SHUT_DOWN}) when the embedder was closed while loading
     */
    public int dimensions() {
        if (options.dimensions() != 0) {
            return options.dimensions();
        }
        if (loaded == null) {
            loading.handle((embedder, error) -> null).join(); // wait for the load to end, however it ends
            if (loaded == null && closed.get()) {
                ensureOpen(); // closed while loading: SHUT_DOWN
            }
        }
        return model().defaultDimensions;
    }

    /**
     * Returns when the model is loaded; never waits.
     *
     * @throws EmbeddingRejectedException {@code NOT_LOADED} while a background load runs, {@code LOAD_FAILED}
     *     after it failed
     */
    public void requireLoaded() {
        model();
    }

    /** The model's hidden size (the largest valid dimension). */
    public int hiddenSize() {
        return model().config.hiddenSize();
    }

    /** Maximum tokens per text. */
    public int maxSequenceLength() {
        return model().maxSequenceLength;
    }

    /** Name reported with results. */
    public String modelName() {
        return options.modelName();
    }

    /** The directory the model was loaded from. */
    public Path modelDir() {
        return model().modelDir;
    }

    /** The device the model runs on. */
    public Device device() {
        return model().device();
    }

    /** Returns which BLAS path the process runs (MKL's kernel branch and whether the AMD fast path is on). */
    public BlasInfo blas() {
        return model().blas;
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

    /** Texts waiting in the request scheduler's queue (0 with the scheduler off, or before the model is loaded). */
    public int queuedTexts() {
        LoadedModel m = loaded;
        return m == null ? 0 : m.queuedTexts();
    }

    /** Tokens waiting in the request scheduler's queue (0 with the scheduler off, or before the model is loaded). */
    public long queuedTokens() {
        LoadedModel m = loaded;
        return m == null ? 0 : m.queuedTokens();
    }

    /**
     * Stops taking calls, lets queued work finish within the scheduler's shutdown grace (then rejects the rest
     * with {@code SHUT_DOWN}), and releases the weights and the tokenizer. Without the scheduler, calls in
     * flight must have finished. A background load still running is closed as soon as it ends.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LoadedModel m;
            synchronized (loadLock) {
                m = loaded;
            }
            if (m != null) {
                m.close();
            }
        }
    }

    @Override
    public String toString() {
        LoadedModel m = loaded;
        if (m == null) {
            return "NomicEmbedder[" + options.modelName() + ", " + (loadFailure == null ? "loading" : "load failed")
                    + "]";
        }
        TaskPrefixes prefixes = m.prompts.taskPrefixes();
        return "NomicEmbedder[" + m.modelDir + ", " + options.device() + ", dims=" + m.defaultDimensions
                + ", maxSeq=" + m.maxSequenceLength + ", batch=" + options.batchSize() + "/"
                + options.maxBatchTokens() + ", " + Arrays.asList(prefixes.query(), prefixes.document()) + "]";
    }
}
