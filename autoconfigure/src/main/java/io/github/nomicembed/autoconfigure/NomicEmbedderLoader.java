package io.github.nomicembed.autoconfigure;

import ai.djl.engine.Engine;
import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.Matryoshka;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.TruncationPolicy;
import io.github.nomicembed.core.config.ConfigReader;
import io.github.nomicembed.core.config.ModelConfigException;
import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.model.AttentionSettings;
import io.github.nomicembed.core.runtime.BlasFastPath;
import io.github.nomicembed.core.runtime.ComputeType;
import io.github.nomicembed.core.runtime.DeviceSpec;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.runtime.PyTorchRuntime;
import io.github.nomicembed.core.schedule.SchedulerOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.document.MetadataMode;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@link NomicEmbeddingProperties} into a loaded {@link NomicEmbedder}, checking every value first. An
 * invalid value fails with an {@link InvalidConfigurationPropertyValueException} that names the property
 * ({@code nomic.embedding.xxx}), the value and what is allowed.
 */
final class NomicEmbedderLoader {

    private NomicEmbedderLoader() {
    }

    /**
     * Loads the model in {@code modelDir} with the options in {@code properties}, reporting to {@code listener}
     * (e.g. metrics).
     *
     * @throws InvalidConfigurationPropertyValueException for a value that is invalid or does not fit the model
     *     or host (e.g. {@code dimensions} above the model's hidden size, {@code device=cuda} on a CPU libtorch)
     * @throws IllegalStateException when the model directory is unusable
     */
    static NomicEmbedder load(NomicEmbeddingProperties properties, Path modelDir, EmbedderListener listener) {
        EmbedderOptions options = embedderOptions(properties);
        checkAgainstModel(properties, modelDir);
        checkDeviceAndDtype(properties, options);
        try {
            return NomicEmbedder.load(modelDir, options, listener);
        } catch (ModelConfigException e) {
            throw new IllegalStateException("Cannot load the nomic-embed model from " + modelDir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks the properties now (an invalid value fails at once, naming the property), then resolves and loads
     * the model directory in the background ({@link NomicEmbedder#loadInBackground}): a directory that cannot be
     * resolved or loaded, or that does not fit a property, fails the load, not the caller.
     */
    static NomicEmbedder loadInBackground(NomicEmbeddingProperties properties, ModelDirectoryResolver modelDirectory,
            EmbedderListener listener) {
        EmbedderOptions options = embedderOptions(properties);
        checkDeviceAndDtype(properties, options);
        if (options.dimensions() == 0) {
            Integer known = hiddenSizeOfLocalModel(properties);
            if (known != null) { // known before the load, for vector stores that need it at startup
                options = options.toBuilder().optDimensions(known).build();
            }
        }
        return NomicEmbedder.loadInBackground(() -> {
            Path modelDir = modelDirectory.resolve();
            checkAgainstModel(properties, modelDir);
            return modelDir;
        }, options, listener);
    }

    /** The hidden size in {@code model-path}'s config.json; {@code null} without model-path or when unreadable. */
    private static @Nullable Integer hiddenSizeOfLocalModel(NomicEmbeddingProperties properties) {
        String modelPath = properties.getModelPath();
        if (modelPath == null || modelPath.isBlank()) {
            return null;
        }
        try {
            return new ConfigReader().read(Path.of(modelPath.strip()).resolve("config.json")).hiddenSize();
        } catch (RuntimeException e) {
            return null; // the background load reports it
        }
    }

    /** The properties that must fit the model in {@code modelDir}'s config.json. */
    private static void checkAgainstModel(NomicEmbeddingProperties properties, Path modelDir) {
        NomicBertConfig config = readConfig(modelDir);
        if (properties.getDimensions() != null) {
            set("dimensions", properties.getDimensions(), d -> Matryoshka.checkDimensions(d, config.hiddenSize()));
        }
        if (properties.getMaxSequenceLength() > config.maxPositions()) {
            throw invalid("max-sequence-length", properties.getMaxSequenceLength(), "allowed: 3.."
                    + Math.min(EmbedderOptions.MAX_SEQUENCE_LENGTH, config.maxPositions()));
        }
    }

    /** The embedder options the properties describe, each value checked on its own. */
    static EmbedderOptions embedderOptions(NomicEmbeddingProperties p) {
        EmbedderOptions.Builder b = EmbedderOptions.builder();
        set("device", p.getDevice(), v -> b.optDevice(DeviceSpec.parse(v)));
        set("dtype", p.getDtype(), v -> b.optDtype(ComputeType.parse(v)));
        set("truncation", p.getTruncation(), v -> b.optTruncation(TruncationPolicy.parse(v)));
        set("max-sequence-length", p.getMaxSequenceLength(), b::optMaxSequenceLength);
        set("batch-size", p.getBatchSize(), b::optBatchSize);
        set("max-batch-tokens", p.getMaxBatchTokens(), b::optMaxBatchTokens);
        set("threads", p.getThreads(), b::optThreads);
        set("cpu.blas-fast-path", p.getCpu().getBlasFastPath(), v -> b.optBlasFastPath(BlasFastPath.parse(v)));
        b.optPackWeights(p.getCpu().isPackWeights());
        if (p.getDimensions() != null) {
            if (p.getDimensions() < 1) { // the model's size is checked once it is known (checkAgainstModel)
                throw invalid("dimensions", p.getDimensions(), "allowed: 1 up to the model's hidden size "
                        + "(768 for nomic-embed-text-v2-moe), or unset for the hidden size");
            }
            b.optDimensions(p.getDimensions());
        }
        set("model-id", p.getModelId(), b::optModelName);
        b.optQueryPrefix(p.getQueryPrefix());
        b.optDocumentPrefix(p.getDocumentPrefix());
        if (p.getPrompts() != null) {
            p.getPrompts().forEach((name, prefix) -> set("prompts." + name, prefix, v -> b.optPrompt(name, v)));
        }
        b.optScheduler(schedulerOptions(p.getScheduler()));
        NomicEmbeddingProperties.Attention attention = p.getAttention();
        set("attention.max-group-waste", attention.getMaxGroupWaste(),
                v -> b.optAttention(new AttentionSettings(v, attention.getScoreBudget() < 0 ? 0 : attention.getScoreBudget())));
        set("attention.score-budget", attention.getScoreBudget(),
                v -> b.optAttention(new AttentionSettings(attention.getMaxGroupWaste(), v)));
        NomicEmbeddingProperties.NativeMemory memory = p.getNativeMemory();
        set("native-memory.trim-threshold", memory.getTrimThreshold(),
                v -> b.optTrimNativeMemory(memory.isTrim(), v == null ? -1 : v.toBytes()));
        return b.build();
    }

    /** {@code scheduler.*}, each value checked on its own. */
    private static SchedulerOptions schedulerOptions(NomicEmbeddingProperties.Scheduler s) {
        SchedulerOptions.Builder b = SchedulerOptions.builder().optEnabled(s.isEnabled());
        set("scheduler.workers", s.getWorkers(), b::optWorkers);
        set("scheduler.threads-per-worker", s.getThreadsPerWorker(), b::optThreadsPerWorker);
        set("scheduler.max-queued-texts", s.getMaxQueuedTexts(), b::optMaxQueuedTexts);
        set("scheduler.max-queued-tokens", s.getMaxQueuedTokens(), b::optMaxQueuedTokens);
        set("scheduler.max-wait", s.getMaxWait(), b::optMaxWait);
        set("scheduler.request-timeout", s.getRequestTimeout(), b::optRequestTimeout);
        set("scheduler.shutdown-grace", s.getShutdownGrace(), b::optShutdownGrace);
        set("scheduler.small-request-tokens", s.getSmallRequestTokens(), b::optSmallRequestTokens);
        return b.build();
    }

    /** {@code default-task}: a prompt name of the loaded model ({@code query}, {@code Clustering}, ...). */
    static String defaultPromptName(NomicEmbeddingProperties p, NomicEmbedder embedder) {
        String name = p.getDefaultTask();
        try {
            embedder.info().promptPrefix(name);
            return name;
        } catch (IllegalArgumentException e) {
            throw invalid("default-task", name, "allowed: " + String.join(", ", embedder.info().promptNames()));
        }
    }

    /** {@code metadata-mode}. */
    static MetadataMode metadataMode(NomicEmbeddingProperties p) {
        return parse("metadata-mode", p.getMetadataMode(), v -> {
            try {
                return MetadataMode.valueOf(v == null ? "" : v.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("allowed: none, embed, inference, all");
            }
        });
    }

    private static NomicBertConfig readConfig(Path modelDir) {
        try {
            return new ConfigReader().read(modelDir.resolve("config.json"));
        } catch (ModelConfigException e) {
            throw new IllegalStateException("Cannot load the nomic-embed model from " + modelDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Resolves device and dtype against the loaded libtorch and the host, naming the property that fails. */
    private static void checkDeviceAndDtype(NomicEmbeddingProperties p, EmbedderOptions options) {
        if (options.device().kind() == DeviceSpec.Kind.AUTO) {
            return; // always resolves: CPU and float32 when the host has no CUDA device
        }
        Engine engine = PyTorchRuntime.engine(options.threads(), options.blasFastPath());
        try {
            PyTorchRuntime.resolve(options.device(), ComputeType.FLOAT32, engine);
        } catch (IllegalArgumentException e) {
            throw invalid("device", p.getDevice(), e.getMessage());
        }
        try {
            PyTorchRuntime.resolve(options.device(), options.dtype(), engine);
        } catch (IllegalArgumentException e) {
            throw invalid("dtype", p.getDtype(), e.getMessage());
        }
    }

    private static <T> void set(String property, T value, java.util.function.Consumer<T> setter) {
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw invalid(property, value, e.getMessage());
        }
    }

    private static <T> T parse(String property, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw invalid(property, value, e.getMessage());
        }
    }

    static InvalidConfigurationPropertyValueException invalid(String property, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(NomicEmbeddingProperties.PREFIX + "." + property, value,
                reason);
    }
}
