package io.github.nomicembed.spark;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.TruncationPolicy;
import io.github.nomicembed.core.schedule.SchedulerOptions;
import java.io.Serializable;
import java.util.Objects;

/**
 * Everything that decides which model an executor loads and how: the key of {@link ExecutorModels}. Two
 * transformers with equal specs share one loaded model per executor JVM. Prompt and dimensions are per call and
 * not part of it.
 *
 * @param source where the model comes from
 * @param device {@code auto|cpu|cuda|cuda:N}
 * @param batchSize maximum texts per forward pass
 * @param maxBatchTokens maximum padded token positions per forward pass
 * @param truncation {@code truncate|error} for texts over 512 tokens
 * @param threads libtorch intra-op threads per executor JVM, 0 for libtorch's default
 */
public record EmbedderSpec(ModelSource source, String device, int batchSize, int maxBatchTokens, String truncation,
        int threads) implements Serializable {

    public EmbedderSpec {
        Objects.requireNonNull(source, "source");
        device = device == null || device.isBlank() ? "auto" : device.strip();
        truncation = TruncationPolicy.parse(truncation).name().toLowerCase(java.util.Locale.ROOT);
        options(source, device, batchSize, maxBatchTokens, truncation, threads); // the engine's own checks
    }

    /** The engine options this spec stands for. */
    public EmbedderOptions toOptions() {
        return options(source, device, batchSize, maxBatchTokens, truncation, threads);
    }

    private static EmbedderOptions options(ModelSource source, String device, int batchSize, int maxBatchTokens,
            String truncation, int threads) {
        return EmbedderOptions.builder()
                .optDevice(device)
                .optBatchSize(batchSize)
                .optMaxBatchTokens(maxBatchTokens)
                .optTruncation(truncation)
                .optThreads(threads)
                .optModelName(source.modelId() != null ? source.modelId() : "nomic-embed-text-v2-moe")
                // bulk passes multiply hundreds of rows, where packed weights gain nothing (core runs products of
                // 256 rows or more through libtorch anyway); packing would cost each executor 1.1 GB
                .optPackWeights(false)
                // Spark bounds what is in flight (task slots x rowsPerCall); the scheduler's queue limits, made for
                // request/response servers, would only turn a fat executor's load into failed tasks
                .optScheduler(SchedulerOptions.builder().optMaxQueuedTexts(Integer.MAX_VALUE)
                        .optMaxQueuedTokens(Long.MAX_VALUE).build())
                .build();
    }
}
