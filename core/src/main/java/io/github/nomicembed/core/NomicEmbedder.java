package io.github.nomicembed.core;

import io.github.nomicembed.core.config.ModelConfigException;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 *     EmbeddingResult docs = embedder.embed(List.of("Berlin is the capital of Germany.", "Paris is in France."),
 *             EmbeddingTask.DOCUMENT.promptName(), 256);         // Matryoshka: first 256 dims, re-normalised
 *     float score = Matryoshka.dot(Matryoshka.truncateAndNormalize(query, 256), docs.vectors().get(0));
 *     int max = embedder.info().maxSequenceLength();             // model facts: ModelInfo
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

    private NomicEmbedder(Object modelDir, EmbedderOptions options, EmbedderListener listener) {
        if (modelDir == null || options == null) {
            throw new IllegalArgumentException((modelDir == null ? "modelDir" : "options") + " must not be null");
        }
        this.options = options;
        this.listener = listener == null ? EmbedderListener.NONE : listener;
    }

    /** Returns the model in {@code modelDir}, loaded with default options. */
    public static NomicEmbedder load(Path modelDir) {
        return load(modelDir, EmbedderOptions.defaults());
    }

    /**
     * Returns the model in {@code modelDir}, loaded: {@code config.json}, {@code model.safetensors},
     * {@code tokenizer.json} and optionally {@code config_sentence_transformers.json} (prompts).
     *
     * @throws ModelConfigException naming the file and the problem when the directory is unusable
     * @throws IllegalArgumentException when an option does not fit the model or host
     */
    public static NomicEmbedder load(Path modelDir, EmbedderOptions options) {
        return load(modelDir, options, EmbedderListener.NONE);
    }

    /**
     * Returns the model as {@link #load(Path, EmbedderOptions)} does, telling {@code listener} about requests,
     * forward passes, queue waits, rejections and out-of-memory splits (e.g. for metrics).
     */
    public static NomicEmbedder load(Path modelDir, EmbedderOptions options, EmbedderListener listener) {
        NomicEmbedder embedder = new NomicEmbedder(modelDir, options, listener);
        embedder.loaded = new LoadedModel(modelDir, options, embedder.listener);
        embedder.loading.complete(embedder);
        return embedder;
    }

    /**
     * Returns an embedder at once and loads it on a background thread ({@code nomic-model-load}): first
     * {@code modelDir} is called (it may download the model, or check it), then the directory is loaded as by
     * {@link #load(Path, EmbedderOptions, EmbedderListener)}. Until then {@link #isLoaded()} is false, every call
     * that needs the model throws {@link EmbeddingRejectedException} with reason
     * {@link EmbeddingRejectedException.Reason#NOT_LOADED NOT_LOADED}, and after a failed load with reason
     * {@link EmbeddingRejectedException.Reason#LOAD_FAILED LOAD_FAILED} naming the failure. {@link #dimensions()}
     * answers at once when {@code options} name the dimension; {@link #options()} and {@link #queueDepth()}
     * always do.
     *
     * <pre>{@code
     * NomicEmbedder embedder = NomicEmbedder.loadInBackground(() -> cache.resolve(...), options, listener);
     * embedder.whenLoaded().thenRun(() -> log.info("ready"));       // or poll isLoaded()
     * }</pre>
     */
    public static NomicEmbedder loadInBackground(Callable<Path> modelDir, EmbedderOptions options,
            EmbedderListener listener) {
        NomicEmbedder embedder = new NomicEmbedder(modelDir, options, listener);
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

    /** Returns whether the model is loaded (always, for {@link #load}); calls are taken from then on until closed. */
    public boolean isLoaded() {
        return loaded != null;
    }

    /**
     * Returns a future that completes with this embedder once the model is loaded (already complete for
     * {@link #load}), or exceptionally with what made a background load fail.
     */
    public CompletableFuture<NomicEmbedder> whenLoaded() {
        return loading.copy();
    }

    /**
     * Returns the facts of the loaded model: name, directory, config, dimensions, maximum length, device, the
     * dtype that runs, BLAS path and prompts. Never waits.
     *
     * @throws EmbeddingRejectedException {@code NOT_LOADED} while a background load runs, {@code LOAD_FAILED}
     *     after it failed
     */
    public ModelInfo info() {
        return model().info;
    }

    /** The loaded model, whether or not closed since; a typed rejection while loading or after a failed load. */
    private LoadedModel model() {
        LoadedModel m = loaded;
        if (m == null) {
            throw LoadedModel.unavailable(loadFailure, createdNanos);
        }
        return m;
    }

    /** The loaded model, open; rejections as {@link #model()}, or {@code SHUT_DOWN} once closed. */
    private LoadedModel openModel() {
        if (closed.get()) {
            throw new EmbeddingRejectedException(EmbeddingRejectedException.Reason.SHUT_DOWN,
                    "this NomicEmbedder is closed");
        }
        return model();
    }

    /** Returns the vectors of {@code texts} for {@code task} at the default dimension (see {@link #dimensions()}). */
    public EmbeddingResult embed(List<String> texts, EmbeddingTask task) {
        if (task == null) {
            throw new IllegalArgumentException("task must not be null; allowed: QUERY, DOCUMENT, NONE");
        }
        return embedWith(texts, task.promptName(), null);
    }

    /**
     * Returns the vectors of {@code texts} embedded with the prefix of prompt {@code promptName} (any name of
     * {@link ModelInfo#promptNames()}, e.g. {@code query}, {@code document}, {@code Clustering} or {@code none};
     * {@link EmbeddingTask#promptName()} names the usual ones), truncated to {@code dimensions} and re-normalised.
     *
     * @throws IllegalArgumentException for an unknown prompt name (listing the names allowed), a null list or
     *     element, a dimension outside {@code 1..hidden}, or (with {@link TruncationPolicy#ERROR}) a text over
     *     the maximum length
     * @throws EmbeddingRejectedException when the request scheduler's queue is full, the request timeout runs
     *     out, the embedder is closing, or the model is not loaded (yet, or ever: a background load failed)
     * @throws io.github.nomicembed.core.schedule.EmbeddingOutOfMemoryException when a single text does not fit
     *     in the device's memory
     */
    public EmbeddingResult embed(List<String> texts, String promptName, int dimensions) {
        return embedWith(texts, promptName, dimensions);
    }

    /** {@code dimensions} {@code null}: the loaded model's default (never waits for a background load). */
    private EmbeddingResult embedWith(List<String> texts, String promptName, Integer dimensions) {
        TokenizedCall call = call(texts, promptName, dimensions);
        if (call.tokenized().isEmpty()) {
            return call.result(new float[0][]);
        }
        return call.result(call.model().run(call.tokenized()));
    }

    /**
     * Returns a future of the vectors {@link #embed(List, String, int)} returns, without waiting: the texts are
     * checked and tokenized now (bad input and a full queue throw at once). Cancelling the future drops the texts
     * not yet in a forward pass; the scheduler's {@code requestTimeout} does not apply. With the scheduler off the
     * texts run now, on the calling thread, and the future is already complete.
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
        TokenizedCall call = call(texts, promptName, dimensions);
        if (call.tokenized().isEmpty()) {
            return CompletableFuture.completedFuture(call.result(new float[0][]));
        }
        CompletableFuture<float[][]> pooled = call.model().submit(call.tokenized());
        CompletableFuture<EmbeddingResult> result = pooled.thenApply(call::result);
        result.whenComplete((r, e) -> pooled.cancel(false)); // no-op unless the result was cancelled
        return result;
    }

    /** Checks and tokenizes a call's texts on the loaded model. */
    private TokenizedCall call(List<String> texts, String promptName, Integer dimensions) {
        LoadedModel m;
        try {
            m = openModel();
        } catch (EmbeddingRejectedException e) {
            listener.onRejected(e.reason());
            throw e;
        }
        return m.call(texts, promptName, dimensions);
    }

    /** Returns one query vector at the default dimension. */
    public float[] embedQuery(String text) {
        return embed(List.of(requireText(text)), EmbeddingTask.QUERY).vectors().get(0);
    }

    /** Returns one document vector at the default dimension. */
    public float[] embedDocument(String text) {
        return embed(List.of(requireText(text)), EmbeddingTask.DOCUMENT).vectors().get(0);
    }

    /**
     * Returns the tokens {@code text} is embedded with under prompt {@code promptName} (prefix and special tokens
     * included), after and before truncation to the maximum sequence length.
     *
     * @throws IllegalArgumentException for a null text or an unknown prompt name (listing the names allowed)
     */
    public TokenCount countTokens(String text, String promptName) {
        return openModel().countTokens(requireText(text), promptName);
    }

    /** Runs already tokenized texts on the caller's thread with {@code trace}; pooled, not normalised (for tests). */
    float[][] pooled(List<Tokenized> tokenized, ForwardTrace trace) {
        return openModel().pooled(tokenized, trace);
    }

    /** Tokenizes an already prepared text (prefix applied), truncating to the maximum length (for tests). */
    Tokenized tokenize(String preparedText) {
        return openModel().tokenizer.encode(requireText(preparedText));
    }

    private static String requireText(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return text;
    }

    /** Returns the options it was built with. */
    public EmbedderOptions options() {
        return options;
    }

    /**
     * Returns the output dimension used when a call names none: the configured one, else the model's hidden size.
     * Before a background load ends, the configured one is known at once; without one this waits for the load.
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
                openModel(); // closed while loading: SHUT_DOWN
            }
        }
        return model().defaultDimensions;
    }

    /** Returns whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Returns what waits in the request scheduler's queue now (nothing with the scheduler off or before loading). */
    public QueueDepth queueDepth() {
        LoadedModel m = loaded;
        return m == null ? QueueDepth.EMPTY : m.queueDepth();
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
        String state = loadFailure == null ? "loading" : "load failed";
        return "NomicEmbedder[" + (m != null ? m.describe(options) : options.modelName() + ", " + state) + "]";
    }
}
