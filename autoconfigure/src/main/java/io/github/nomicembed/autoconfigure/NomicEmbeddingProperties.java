package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.model.AttentionSettings;
import io.github.nomicembed.core.schedule.SchedulerOptions;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the in-process nomic-embed-text-v2-moe {@code EmbeddingModel}, under {@code nomic.embedding}.
 *
 * <pre>
 * nomic.embedding.model-path=/models/nomic-embed-text-v2-moe
 * nomic.embedding.dimensions=256
 * nomic.embedding.device=cuda
 * </pre>
 *
 * Values are checked at startup; an invalid one fails it with a message naming the property, the value
 * and what is allowed.
 */
@ConfigurationProperties(prefix = NomicEmbeddingProperties.PREFIX)
public class NomicEmbeddingProperties {

    /** Property prefix. */
    public static final String PREFIX = "nomic.embedding";

    /** Default {@code model-id}. */
    public static final String DEFAULT_MODEL_ID = "nomic-ai/nomic-embed-text-v2-moe";

    /**
     * Local model directory holding config.json, model.safetensors and tokenizer.json. When set it is used as
     * is and the model cache is not consulted.
     */
    private @Nullable String modelPath;

    /**
     * Hugging Face repository of the model, resolved through the model cache when model-path is not set. Also
     * the model name reported in responses, metrics and traces.
     */
    private String modelId = DEFAULT_MODEL_ID;

    /**
     * Branch, tag or commit id of model-id to resolve through the model cache. Unset means the pinned, tested
     * commit for the default model, else main.
     */
    private @Nullable String revision;

    /**
     * Model cache directory (huggingface_hub layout, shared with the Python tools). Unset means HF_HUB_CACHE,
     * else $HF_HOME/hub, else ~/.cache/huggingface/hub.
     */
    private @Nullable String cacheDir;

    /** Use only the model cache and never download (HF_HUB_OFFLINE=1 has the same effect). */
    private boolean offline;

    /**
     * Hugging Face Hub endpoint the model cache downloads from, e.g. a mirror. Unset means HF_ENDPOINT, else
     * https://huggingface.co.
     */
    private @Nullable String hubEndpoint;

    /**
     * Access token for gated or private models, sent only to hub-endpoint and never logged. Unset means
     * HF_TOKEN.
     */
    private @Nullable String hubToken;

    /**
     * Where the model runs: auto (CUDA device 0 when a CUDA libtorch and a GPU are available, else CPU), cpu,
     * cuda or cuda:N.
     */
    private String device = "auto";

    /** Compute type of weights and activations: float32, or float16 (CUDA only). */
    private String dtype = "float32";

    /**
     * Default output dimension (Matryoshka: the first N components, re-normalised), from 1 to the model's
     * hidden size; the model was trained for 256 to 768. Unset means the hidden size (768).
     */
    private @Nullable Integer dimensions;

    /**
     * Prompt, and so prefix, of EmbeddingModel.call(...) and embed(List of String) requests that name none:
     * query, document, none, or any prompt name of the model (Clustering, Classification, STS, ...) or of
     * prompts. embed(String) always embeds a query and embed(Document) a document.
     */
    private String defaultTask = "document";

    /** Prefix of query texts. Unset means the model's own ("search_query: "). */
    private @Nullable String queryPrefix;

    /** Prefix of document texts. Unset means the model's own ("search_document: "). */
    private @Nullable String documentPrefix;

    /**
     * Prompts added to the model's own, name to prefix (e.g. prompts.code=search_code: ), selectable by name
     * like them; a name of the model replaces its prompt. Use query-prefix and document-prefix for those two.
     */
    private Map<String, String> prompts = new LinkedHashMap<>();

    /** Maximum texts per forward pass, also the maximum documents per vector-store embedding batch. */
    private int batchSize = EmbedderOptions.DEFAULT_BATCH_SIZE;

    /**
     * Maximum real tokens per forward pass (padding is not computed outside attention), also the maximum tokens
     * per vector-store embedding batch. 4096 keeps a CPU pass in cache; 16384-32768 suits a GPU.
     */
    private int maxBatchTokens = EmbedderOptions.DEFAULT_MAX_BATCH_TOKENS;

    /** Maximum tokens per text, prefix and special tokens included: 3 to 512. */
    private int maxSequenceLength = EmbedderOptions.MAX_SEQUENCE_LENGTH;

    /** What happens to a text longer than max-sequence-length: truncate (keep its start) or error. */
    private String truncation = "truncate";

    /** libtorch intra-op threads per forward pass; 0 means libtorch's default (one per core). */
    private int threads = 0;

    /**
     * Which document metadata is embedded with a document's text: none, embed, inference or all (Spring AI
     * MetadataMode).
     */
    private String metadataMode = "none";

    /** Request scheduler that merges concurrent callers into shared forward passes. */
    private final Scheduler scheduler = new Scheduler();

    /** CPU settings. */
    private final Cpu cpu = new Cpu();

    /** Native (libtorch) memory settings. */
    private final NativeMemory nativeMemory = new NativeMemory();

    /** Attention grouping (speed and peak memory only; results do not change). */
    private final Attention attention = new Attention();

    public @Nullable String getModelPath() {
        return modelPath;
    }

    public void setModelPath(@Nullable String modelPath) {
        this.modelPath = modelPath;
    }

    public String getModelId() {
        return modelId;
    }

    public void setModelId(String modelId) {
        this.modelId = modelId;
    }

    public @Nullable String getRevision() {
        return revision;
    }

    public void setRevision(@Nullable String revision) {
        this.revision = revision;
    }

    public @Nullable String getCacheDir() {
        return cacheDir;
    }

    public void setCacheDir(@Nullable String cacheDir) {
        this.cacheDir = cacheDir;
    }

    public boolean isOffline() {
        return offline;
    }

    public void setOffline(boolean offline) {
        this.offline = offline;
    }

    public @Nullable String getHubEndpoint() {
        return hubEndpoint;
    }

    public void setHubEndpoint(@Nullable String hubEndpoint) {
        this.hubEndpoint = hubEndpoint;
    }

    public @Nullable String getHubToken() {
        return hubToken;
    }

    public void setHubToken(@Nullable String hubToken) {
        this.hubToken = hubToken;
    }

    public String getDevice() {
        return device;
    }

    public void setDevice(String device) {
        this.device = device;
    }

    public String getDtype() {
        return dtype;
    }

    public void setDtype(String dtype) {
        this.dtype = dtype;
    }

    public @Nullable Integer getDimensions() {
        return dimensions;
    }

    public void setDimensions(@Nullable Integer dimensions) {
        this.dimensions = dimensions;
    }

    public String getDefaultTask() {
        return defaultTask;
    }

    public void setDefaultTask(String defaultTask) {
        this.defaultTask = defaultTask;
    }

    public @Nullable String getQueryPrefix() {
        return queryPrefix;
    }

    public void setQueryPrefix(@Nullable String queryPrefix) {
        this.queryPrefix = queryPrefix;
    }

    public @Nullable String getDocumentPrefix() {
        return documentPrefix;
    }

    public void setDocumentPrefix(@Nullable String documentPrefix) {
        this.documentPrefix = documentPrefix;
    }

    public Map<String, String> getPrompts() {
        return prompts;
    }

    public void setPrompts(Map<String, String> prompts) {
        this.prompts = prompts;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getMaxBatchTokens() {
        return maxBatchTokens;
    }

    public void setMaxBatchTokens(int maxBatchTokens) {
        this.maxBatchTokens = maxBatchTokens;
    }

    public int getMaxSequenceLength() {
        return maxSequenceLength;
    }

    public void setMaxSequenceLength(int maxSequenceLength) {
        this.maxSequenceLength = maxSequenceLength;
    }

    public String getTruncation() {
        return truncation;
    }

    public void setTruncation(String truncation) {
        this.truncation = truncation;
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public String getMetadataMode() {
        return metadataMode;
    }

    public void setMetadataMode(String metadataMode) {
        this.metadataMode = metadataMode;
    }

    public Scheduler getScheduler() {
        return scheduler;
    }

    public Cpu getCpu() {
        return cpu;
    }

    public NativeMemory getNativeMemory() {
        return nativeMemory;
    }

    public Attention getAttention() {
        return attention;
    }

    /** Attention settings, under {@code nomic.embedding.attention}. */
    public static class Attention {

        /**
         * Largest share of padded positions a group of rows may have when rows of similar length share one
         * attention call (0..1); 0 runs every row alone.
         */
        private double maxGroupWaste = AttentionSettings.DEFAULT_MAX_GROUP_WASTE;

        /**
         * Largest attention score tensor (elements, all heads) of one group or head chunk; 0 = the device's
         * default (2^20 on CPU, to stay in cache; 2^28 on GPU).
         */
        private long scoreBudget = 0;

        public double getMaxGroupWaste() {
            return maxGroupWaste;
        }

        public void setMaxGroupWaste(double maxGroupWaste) {
            this.maxGroupWaste = maxGroupWaste;
        }

        public long getScoreBudget() {
            return scoreBudget;
        }

        public void setScoreBudget(long scoreBudget) {
            this.scoreBudget = scoreBudget;
        }
    }

    /** Native memory settings, under {@code nomic.embedding.native-memory}. */
    public static class NativeMemory {

        /**
         * Whether memory libtorch freed goes back to the operating system (glibc malloc_trim) once the process's
         * anonymous resident memory grew by trim-threshold since the last trim; false leaves it to the allocator.
         */
        private boolean trim = true;

        /** Growth of anonymous resident memory since the last trim that triggers one after a pass; 0 = every pass. */
        private DataSize trimThreshold = DataSize.ofBytes(io.github.nomicembed.core.runtime.NativeMemory.DEFAULT_TRIM_THRESHOLD);

        public boolean isTrim() {
            return trim;
        }

        public void setTrim(boolean trim) {
            this.trim = trim;
        }

        public DataSize getTrimThreshold() {
            return trimThreshold;
        }

        public void setTrimThreshold(DataSize trimThreshold) {
            this.trimThreshold = trimThreshold;
        }
    }

    /** CPU settings, under {@code nomic.embedding.cpu}. */
    public static class Cpu {

        /**
         * Whether MKL (inside libtorch) runs its full-speed AVX-512/AVX2 kernels on AMD CPUs, where its vendor
         * check picks generic ones: auto (on for non-Intel x86-64 CPUs on Linux), on or off. Process-wide; the
         * first model loaded in the JVM decides.
         */
        private String blasFastPath = "auto";

        public String getBlasFastPath() {
            return blasFastPath;
        }

        public void setBlasFastPath(String blasFastPath) {
            this.blasFastPath = blasFastPath;
        }

        /**
         * Whether the encoder's projection weights are packed for MKL's GEMM: a short query runs about 1.3× faster,
         * at the cost of a packed copy of those weights in memory (1.1 GB for the full model). No effect
         * on a GPU, in float16, or with a libtorch without MKL.
         */
        private boolean packWeights = true;

        public boolean isPackWeights() {
            return packWeights;
        }

        public void setPackWeights(boolean packWeights) {
            this.packWeights = packWeights;
        }
    }

    /** Settings of the request scheduler, under {@code nomic.embedding.scheduler}. */
    public static class Scheduler {

        /** Whether calls share forward passes through the request queue; false runs each call on its own thread. */
        private boolean enabled = true;

        /** Threads running forward passes, each with its own libtorch intra-op pool: at least 1. */
        private int workers = 1;

        /** libtorch intra-op threads per worker; 0 means threads if set, else the cores divided among workers. */
        private int threadsPerWorker = 0;

        /** Texts that may wait in the queue; a call that would exceed it is rejected (queue full). */
        private int maxQueuedTexts = 4096;

        /** Tokens that may wait in the queue; a call that would exceed it is rejected (queue full). */
        private long maxQueuedTokens = 262_144;

        /** How long an idle worker waits for more texts before a forward pass below the token budget; 0 = none. */
        private Duration maxWait = Duration.ZERO;

        /** How long a caller waits for its vectors before its queued texts are dropped; 0 = no limit. */
        private Duration requestTimeout = Duration.ZERO;

        /** How long shutdown lets queued work finish before rejecting the rest. */
        private Duration shutdownGrace = Duration.ofSeconds(30);

        /**
         * Calls of at most this many tokens (a query, a few short texts) run between the layers of a larger pass
         * in flight instead of waiting for it to end, so queries stay interactive during an ingest; 0 = off.
         */
        private int smallRequestTokens = SchedulerOptions.DEFAULT_SMALL_REQUEST_TOKENS;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getWorkers() {
            return workers;
        }

        public void setWorkers(int workers) {
            this.workers = workers;
        }

        public int getThreadsPerWorker() {
            return threadsPerWorker;
        }

        public void setThreadsPerWorker(int threadsPerWorker) {
            this.threadsPerWorker = threadsPerWorker;
        }

        public int getMaxQueuedTexts() {
            return maxQueuedTexts;
        }

        public void setMaxQueuedTexts(int maxQueuedTexts) {
            this.maxQueuedTexts = maxQueuedTexts;
        }

        public long getMaxQueuedTokens() {
            return maxQueuedTokens;
        }

        public void setMaxQueuedTokens(long maxQueuedTokens) {
            this.maxQueuedTokens = maxQueuedTokens;
        }

        public Duration getMaxWait() {
            return maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        public Duration getShutdownGrace() {
            return shutdownGrace;
        }

        public void setShutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = shutdownGrace;
        }

        public int getSmallRequestTokens() {
            return smallRequestTokens;
        }

        public void setSmallRequestTokens(int smallRequestTokens) {
            this.smallRequestTokens = smallRequestTokens;
        }
    }
}
