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
import io.github.nomicembed.core.model.YieldPoint;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.prompt.Prompts;
import io.github.nomicembed.core.prompt.TaskPrefixes;
import io.github.nomicembed.core.runtime.BlasInfo;
import io.github.nomicembed.core.runtime.ComputeType;
import io.github.nomicembed.core.runtime.MklFastPath;
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
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a {@link NomicEmbedder} holds once its model directory is loaded: config, prompts, tokenizer,
 * weights, forward pass, batch runner and request scheduler. Owns their native memory; {@link #close()} frees it.
 */
final class LoadedModel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NomicEmbedder.class); // the category users know

    final Path modelDir;
    final NomicBertConfig config;
    final Prompts prompts;
    final ComputeType dtype;
    final NomicTokenizer tokenizer;
    final int defaultDimensions;
    final int maxSequenceLength;
    final BlasInfo blas;
    final ModelInfo info;
    private final TruncationPolicy truncation;
    private final EmbedderListener listener;
    private final BatchRunner runner;
    private final ModelWeights weights;
    private final NomicBertModel model;
    private final EmbeddingScheduler scheduler;
    private final NativeMemory memory;

    /**
     * @throws ModelConfigException naming the file and the problem when the directory is unusable
     * @throws IllegalArgumentException when an option does not fit the model or host
     */
    LoadedModel(Path modelDir, EmbedderOptions options, EmbedderListener listener) {
        this.modelDir = modelDir;
        this.truncation = options.truncation();
        this.listener = listener;
        this.memory = NativeMemory.detect(options.trimNativeMemory(), options.trimThresholdBytes());
        if (!Files.isDirectory(modelDir)) {
            throw new ModelConfigException(modelDir, "model directory not found");
        }
        this.config = new ConfigReader().read(modelDir.resolve("config.json"));
        int hidden = config.hiddenSize();
        if (options.dimensions() != 0) {
            Matryoshka.checkDimensions(options.dimensions(), hidden);
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
        SchedulerOptions schedule = options.scheduler();
        int threads = schedule.enabled() ? schedule.resolvedThreadsPerWorker(options.threads()) : options.threads();
        Engine engine = PyTorchRuntime.engine(threads, options.blasFastPath());
        this.blas = MklFastPath.inspect();
        Placement placement = PyTorchRuntime.place(options.device(), options.dtype(), engine);
        Device device = placement.device();
        this.dtype = placement.dtype();
        NomicTokenizer tok = new NomicTokenizer(modelDir.resolve("tokenizer.json"), maxSequenceLength);
        ModelWeights w = null;
        try {
            long t0 = System.nanoTime();
            w = ModelWeights.load(modelDir.resolve("model.safetensors"), config, device, dtype);
            this.model = new NomicBertModel(w, maxSequenceLength, options.attention(), options.packWeights());
            this.runner = new BatchRunner(model, new BatchPlanner(options.batchSize(), options.maxBatchTokens()),
                    config.padTokenId(), schedule.enabled() ? 0 : options.threads(), listener);
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
        this.info = new ModelInfo(options.modelName(), modelDir, config, defaultDimensions, maxSequenceLength,
                w.device(), dtype, blas, model.gemm(), prompts.byName(), prompts.taskPrefixes());
        this.scheduler = schedule.enabled() ? new EmbeddingScheduler(new ScheduledForward(),
                schedule, options.batchSize(), options.maxBatchTokens(), listener, () -> {
                    JniUtils.setNumThreads(threads);
                    JniUtils.setGradMode(false);
                }) : null;
        if (scheduler != null) {
            log.info("Request scheduler on: {} worker(s) x {} intra-op thread(s), queue bounds {} texts / {} tokens",
                    schedule.workers(), threads, schedule.maxQueuedTexts(), schedule.maxQueuedTokens());
        }
    }

    /**
     * Tokenizes {@code texts} with {@code prefix}, telling the listener about the request and truncated texts.
     *
     * @throws IllegalArgumentException for a null text, or a text over the maximum length with policy ERROR
     */
    List<Tokenized> tokenize(List<String> texts, String prefix) {
        List<Tokenized> out = new ArrayList<>(texts.size());
        int truncated = 0;
        long tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("texts[" + i + "] is null; every text must be a string "
                        + "(empty is allowed)");
            }
            String prepared = prompts.applyPrefix(text, prefix);
            Tokenized t = tokenizer.encode(prepared);
            if (t.truncated() && truncation == TruncationPolicy.ERROR) {
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

    /** A rejection for a model not loaded (yet, or ever: {@code failure} non-null) since {@code createdNanos}. */
    static EmbeddingRejectedException unavailable(Throwable failure, long createdNanos) {
        if (failure != null) {
            EmbeddingRejectedException e = new EmbeddingRejectedException(EmbeddingRejectedException.Reason.LOAD_FAILED,
                    "the nomic model failed to load: " + failure.getMessage());
            e.initCause(failure);
            return e;
        }
        return new EmbeddingRejectedException(EmbeddingRejectedException.Reason.NOT_LOADED, "the nomic model is "
                + "still loading (for " + (System.nanoTime() - createdNanos) / 1_000_000_000 + " s); calls are "
                + "refused until it is loaded");
    }

    /**
     * Checks a call's texts, prompt and dimension ({@code null}: the default) and tokenizes the texts.
     *
     * @throws IllegalArgumentException for a null list or text, an unknown prompt, a dimension out of range, or a
     *     text over the maximum length with policy ERROR
     */
    TokenizedCall call(List<String> texts, String promptName, Integer dimensions) {
        if (texts == null) {
            throw new IllegalArgumentException("texts must not be null");
        }
        String prefix = prompts.prefix(promptName);
        int dims = Matryoshka.checkDimensions(dimensions == null ? defaultDimensions : dimensions, config.hiddenSize());
        return new TokenizedCall(this, tokenize(texts, prefix), dims);
    }

    /** Tokens of {@code text} under prompt {@code promptName}, after and before truncation. */
    TokenCount countTokens(String text, String promptName) {
        String prepared = prompts.apply(text, promptName);
        Tokenized t = tokenizer.encode(prepared);
        return new TokenCount(t.length(), t.truncated() ? tokenizer.countUntruncated(prepared) : t.length());
    }

    /** Pooled, not normalised vectors of {@code tokenized}, through the scheduler when it is on. */
    float[][] run(List<Tokenized> tokenized) {
        return scheduler != null ? scheduler.run(tokenized) : runTrimmed(tokenized);
    }

    /**
     * Queues {@code tokenized} with the scheduler (cancelling the future drops what has not run); with the
     * scheduler off, runs them now and returns the outcome as a completed future.
     */
    CompletableFuture<float[][]> submit(List<Tokenized> tokenized) {
        if (scheduler != null) {
            return scheduler.submit(tokenized);
        }
        try {
            return CompletableFuture.completedFuture(runTrimmed(tokenized));
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs the passes on the caller's thread, with {@code trace}. */
    float[][] pooled(List<Tokenized> tokenized, ForwardTrace trace) {
        return runner.run(tokenized, trace);
    }

    /** Runs the passes on the caller's thread, then gives what libtorch freed back to the OS if it piled up. */
    private float[][] runTrimmed(List<Tokenized> texts) {
        try {
            return runner.run(texts, ForwardTrace.NONE);
        } finally {
            memory.trimIfGrown();
        }
    }

    /** The scheduler's passes: yielding to small calls, trimming after the vectors are delivered. */
    private final class ScheduledForward implements EmbeddingScheduler.Forward {

        @Override
        public float[][] run(List<Tokenized> texts, YieldPoint yield) {
            return runner.run(texts, ForwardTrace.NONE, yield);
        }

        @Override
        public void afterPass() {
            memory.trimIfGrown();
        }
    }

    QueueDepth queueDepth() {
        return scheduler == null ? QueueDepth.EMPTY : new QueueDepth(scheduler.queuedTexts(), scheduler.queuedTokens());
    }

    /** Directory, device, dimension, maximum length, batch bounds and task prefixes, for {@code toString}. */
    String describe(EmbedderOptions options) {
        TaskPrefixes prefixes = prompts.taskPrefixes();
        return modelDir + ", " + options.device() + ", dims=" + defaultDimensions + ", maxSeq=" + maxSequenceLength
                + ", batch=" + options.batchSize() + "/" + options.maxBatchTokens() + ", "
                + Arrays.asList(prefixes.query(), prefixes.document());
    }

    /** Finishes queued work within the scheduler's grace, then frees the weights and the tokenizer. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        model.close();
        weights.close();
        tokenizer.close();
    }
}
