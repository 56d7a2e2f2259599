package io.github.nomicembed.core;

import io.github.nomicembed.core.model.AttentionSettings;
import io.github.nomicembed.core.prompt.Prompts;
import io.github.nomicembed.core.runtime.BlasFastPath;
import io.github.nomicembed.core.runtime.ComputeType;
import io.github.nomicembed.core.runtime.DeviceSpec;
import io.github.nomicembed.core.runtime.NativeMemory;
import io.github.nomicembed.core.schedule.SchedulerOptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable options of a {@link NomicEmbedder}; build with {@link #builder()}.
 *
 * @param device where to run
 * @param dtype compute type (float16 only on CUDA)
 * @param maxSequenceLength tokens per text, special tokens included (1..512)
 * @param batchSize maximum texts per forward pass
 * @param maxBatchTokens maximum real tokens per forward pass (padding is not computed, so it does not count).
 *     Bounds the activations of one pass; 4096 (about 50 MB for the widest, {@code [N, 3072]} fp32) keeps CPU
 *     GEMMs at full rate without spilling far out of cache. On CUDA larger budgets (16k-32k) fill the device.
 * @param truncation what to do with texts over {@code maxSequenceLength}
 * @param queryPrefix query prefix, or {@code null} for the model's own ({@code search_query: })
 * @param documentPrefix document prefix, or {@code null} for the model's own ({@code search_document: })
 * @param dimensions default output dimension, or 0 for the model's hidden size
 * @param threads libtorch intra-op threads, or 0 for libtorch's default
 * @param modelName name reported with results
 * @param prompts prompts added to the model's own, name to prefix, in the order given (see
 *     {@link io.github.nomicembed.core.prompt.Prompts})
 * @param scheduler how concurrent calls are merged into shared forward passes (on by default)
 * @param blasFastPath whether MKL runs its full-speed kernels on AMD CPUs (process-wide, decided by the first
 *     embedder of the process; see {@link io.github.nomicembed.core.runtime.MklFastPath})
 * @param trimNativeMemory whether freed native memory is given back to the OS after passes (glibc
 *     {@code malloc_trim}; see {@link io.github.nomicembed.core.runtime.NativeMemory})
 * @param trimThresholdBytes growth of anonymous resident memory since the last trim at which a pass trims;
 *     0 trims after every pass
 * @param attention how attention is grouped and chunked (speed and peak memory only)
 * @param packWeights whether the projection weights are packed for MKL's GEMM on the CPU (default true; see
 *     {@link io.github.nomicembed.core.runtime.MklPackedGemm}): a short query runs about 1.3× faster, at the
 *     cost of a packed copy of the encoder's weights in anonymous memory (1.1 GB for the full model)
 */
public record EmbedderOptions(
        DeviceSpec device,
        ComputeType dtype,
        int maxSequenceLength,
        int batchSize,
        int maxBatchTokens,
        TruncationPolicy truncation,
        String queryPrefix,
        String documentPrefix,
        int dimensions,
        int threads,
        String modelName,
        Map<String, String> prompts,
        SchedulerOptions scheduler,
        BlasFastPath blasFastPath,
        boolean trimNativeMemory,
        long trimThresholdBytes,
        AttentionSettings attention,
        boolean packWeights) {

    /** Hard cap of the model (trained at 512 tokens). */
    public static final int MAX_SEQUENCE_LENGTH = 512;

    /** Default {@link #batchSize()}. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** Default {@link #maxBatchTokens()}. */
    public static final int DEFAULT_MAX_BATCH_TOKENS = 4096;
    /** Default {@link #modelName()}. */
    public static final String DEFAULT_MODEL_NAME = "nomic-embed-text-v2-moe";

    /**
     * Checks every value as the builder's {@code opt*} setters do.
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public EmbedderOptions {
        Builder.require(device, "device");
        Builder.require(dtype, "dtype");
        Builder.require(truncation, "truncation");
        Builder.require(scheduler, "scheduler");
        Builder.checkMaxSequenceLength(maxSequenceLength);
        Builder.checkAtLeastOne(batchSize, "batchSize");
        Builder.checkAtLeastOne(maxBatchTokens, "maxBatchTokens");
        Builder.checkDimensions(dimensions);
        Builder.checkThreads(threads);
        Builder.checkModelName(modelName);
        (prompts == null ? Map.<String, String>of() : prompts).forEach(Prompts::checkUserPrompt);
        prompts = Collections.unmodifiableMap(new LinkedHashMap<>(prompts == null ? Map.of() : prompts));
        if (blasFastPath == null) {
            blasFastPath = BlasFastPath.AUTO;
        }
        if (attention == null) {
            attention = AttentionSettings.DEFAULTS;
        }
        if (trimThresholdBytes < 0) {
            throw new IllegalArgumentException("trimThresholdBytes must be >= 0, was " + trimThresholdBytes);
        }
    }

    /** Defaults: auto device, float32, 512 tokens, 64 texts / 4096 real tokens per batch, truncate. */
    public static EmbedderOptions defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.device = device;
        b.dtype = dtype;
        b.maxSequenceLength = maxSequenceLength;
        b.batchSize = batchSize;
        b.maxBatchTokens = maxBatchTokens;
        b.truncation = truncation;
        b.queryPrefix = queryPrefix;
        b.documentPrefix = documentPrefix;
        b.dimensions = dimensions;
        b.threads = threads;
        b.modelName = modelName;
        b.scheduler = scheduler;
        b.blasFastPath = blasFastPath;
        b.trimNativeMemory = trimNativeMemory;
        b.trimThresholdBytes = trimThresholdBytes;
        b.attention = attention;
        b.packWeights = packWeights;
        b.prompts.putAll(prompts);
        return b;
    }

    /** Builder with validated {@code opt*} setters. */
    public static final class Builder {
        private DeviceSpec device = DeviceSpec.AUTO;
        private ComputeType dtype = ComputeType.FLOAT32;
        private int maxSequenceLength = MAX_SEQUENCE_LENGTH;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int maxBatchTokens = DEFAULT_MAX_BATCH_TOKENS;
        private TruncationPolicy truncation = TruncationPolicy.TRUNCATE;
        private String queryPrefix;
        private String documentPrefix;
        private int dimensions;
        private int threads;
        private String modelName = DEFAULT_MODEL_NAME;
        private SchedulerOptions scheduler = SchedulerOptions.defaults();
        private BlasFastPath blasFastPath = BlasFastPath.AUTO;
        private boolean trimNativeMemory = true;
        private long trimThresholdBytes = NativeMemory.DEFAULT_TRIM_THRESHOLD;
        private AttentionSettings attention = AttentionSettings.DEFAULTS;
        private boolean packWeights = true;
        private final Map<String, String> prompts = new LinkedHashMap<>();

        private Builder() {
        }

        /** {@code auto|cpu|cuda|cuda:N}. */
        public Builder optDevice(String device) {
            return optDevice(DeviceSpec.parse(device));
        }

        /** Where to run. */
        public Builder optDevice(DeviceSpec device) {
            this.device = require(device, "device");
            return this;
        }

        /** {@code float32|float16}. */
        public Builder optDtype(String dtype) {
            return optDtype(ComputeType.parse(dtype));
        }

        /** Compute type. */
        public Builder optDtype(ComputeType dtype) {
            this.dtype = require(dtype, "dtype");
            return this;
        }

        /** Tokens per text including {@code <s>}/{@code </s>}; 3..512. */
        public Builder optMaxSequenceLength(int n) {
            this.maxSequenceLength = checkMaxSequenceLength(n);
            return this;
        }

        /** Maximum texts per forward pass, at least 1. */
        public Builder optBatchSize(int n) {
            this.batchSize = checkAtLeastOne(n, "batchSize");
            return this;
        }

        /** Maximum real tokens per forward pass, at least 1 (see {@link EmbedderOptions#maxBatchTokens()}). */
        public Builder optMaxBatchTokens(int n) {
            this.maxBatchTokens = checkAtLeastOne(n, "maxBatchTokens");
            return this;
        }

        /** {@code truncate|error}. */
        public Builder optTruncation(String policy) {
            return optTruncation(TruncationPolicy.parse(policy));
        }

        /** Long input policy. */
        public Builder optTruncation(TruncationPolicy policy) {
            this.truncation = require(policy, "truncation");
            return this;
        }

        /** Query prefix; {@code null} restores the model's own. */
        public Builder optQueryPrefix(String prefix) {
            this.queryPrefix = prefix;
            return this;
        }

        /** Document prefix; {@code null} restores the model's own. */
        public Builder optDocumentPrefix(String prefix) {
            this.documentPrefix = prefix;
            return this;
        }

        /** Default output dimension (Matryoshka), or 0 for the hidden size; checked against the model on load. */
        public Builder optDimensions(int dimensions) {
            this.dimensions = checkDimensions(dimensions);
            return this;
        }

        /** libtorch intra-op threads, or 0 for the default (one per core). */
        public Builder optThreads(int threads) {
            this.threads = checkThreads(threads);
            return this;
        }

        /** Name reported with results (e.g. {@code nomic-ai/nomic-embed-text-v2-moe}). */
        public Builder optModelName(String name) {
            this.modelName = checkModelName(name);
            return this;
        }

        /** The request scheduler's settings ({@link SchedulerOptions#disabled()} runs calls on their own threads). */
        public Builder optScheduler(SchedulerOptions scheduler) {
            this.scheduler = require(scheduler, "scheduler");
            return this;
        }

        /** {@code auto|on|off}: MKL's full-speed kernels on AMD CPUs (default auto: on for non-Intel CPUs). */
        public Builder optBlasFastPath(String mode) {
            return optBlasFastPath(BlasFastPath.parse(mode));
        }

        /** Whether MKL runs its full-speed kernels on AMD CPUs (process-wide; the first embedder decides). */
        public Builder optBlasFastPath(BlasFastPath mode) {
            this.blasFastPath = require(mode, "blasFastPath");
            return this;
        }

        /**
         * Whether freed native memory goes back to the OS once it has piled up (default true), and after how much
         * growth of anonymous resident memory since the last trim (default 32 MiB; 0 = after every pass).
         */
        public Builder optTrimNativeMemory(boolean trim, long thresholdBytes) {
            if (thresholdBytes < 0) {
                throw new IllegalArgumentException("trimThresholdBytes must be >= 0, was " + thresholdBytes);
            }
            this.trimNativeMemory = trim;
            this.trimThresholdBytes = thresholdBytes;
            return this;
        }

        /**
         * Whether the projection weights are packed for MKL's GEMM on the CPU (default true). Packed, a short
         * query's products read the weights once instead of repacking them on every call; off saves the packed
         * copy's memory (about the encoder's weights: 1.1 GB for the full model). No effect on a GPU, in
         * float16, or with a libtorch without MKL.
         */
        public Builder optPackWeights(boolean pack) {
            this.packWeights = pack;
            return this;
        }

        /** How attention is grouped and chunked (default {@link AttentionSettings#DEFAULTS}). */
        public Builder optAttention(AttentionSettings attention) {
            this.attention = require(attention, "attention");
            return this;
        }

        /**
         * Adds prompt {@code name} with {@code prefix}, selectable by name like the model's own (replacing a model
         * prompt of that name). A name has letters, digits, {@code _} or {@code -} and is not a built-in one
         * ({@code query}, {@code passage}, {@code document}, {@code none}: use {@link #optQueryPrefix} and
         * {@link #optDocumentPrefix}); the prefix is not empty.
         */
        public Builder optPrompt(String name, String prefix) {
            Prompts.checkUserPrompt(name, prefix);
            prompts.put(name, prefix);
            return this;
        }

        /** Replaces the added prompts by {@code prompts} (name to prefix, checked as {@link #optPrompt}). */
        public Builder optPrompts(Map<String, String> prompts) {
            require(prompts, "prompts").forEach(Prompts::checkUserPrompt);
            this.prompts.clear();
            this.prompts.putAll(prompts);
            return this;
        }

        /** The options. */
        public EmbedderOptions build() {
            return new EmbedderOptions(device, dtype, maxSequenceLength, batchSize, maxBatchTokens, truncation,
                    queryPrefix, documentPrefix, dimensions, threads, modelName, prompts, scheduler, blasFastPath,
                    trimNativeMemory, trimThresholdBytes, attention, packWeights);
        }

        static int checkMaxSequenceLength(int n) {
            if (n < 3 || n > MAX_SEQUENCE_LENGTH) {
                throw new IllegalArgumentException("maxSequenceLength must be in 3.." + MAX_SEQUENCE_LENGTH + ", was " + n);
            }
            return n;
        }

        static int checkAtLeastOne(int n, String name) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, was " + n);
            }
            return n;
        }

        static int checkDimensions(int dimensions) {
            if (dimensions < 0) {
                throw new IllegalArgumentException("dimensions must be >= 1 (or 0 for the model's hidden size), was "
                        + dimensions);
            }
            return dimensions;
        }

        static int checkThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0, was " + threads);
            }
            return threads;
        }

        static String checkModelName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("modelName must not be blank");
            }
            return name;
        }

        static <T> T require(T v, String name) {
            if (v == null) {
                throw new IllegalArgumentException(name + " must not be null");
            }
            return v;
        }
    }
}
