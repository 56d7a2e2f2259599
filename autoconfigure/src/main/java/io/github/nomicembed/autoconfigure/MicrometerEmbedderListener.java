package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Records what the embedder does as Micrometer meters named {@code nomic.embedding.*}, each tagged with
 * {@code model} (see {@link NomicEmbeddingMetrics} for the list).
 */
public class MicrometerEmbedderListener implements EmbedderListener {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter requests;
    private final Counter texts;
    private final Counter tokens;
    private final Counter truncated;
    private final Timer queueWait;
    private final Timer forward;
    private final Timer smallRequestWait;
    private final Counter preemptions;
    private final DistributionSummary batchSize;
    private final DistributionSummary batchTokens;
    private final DistributionSummary batchPaddedTokens;
    private final Counter oomSplits;
    private final Map<EmbeddingRejectedException.Reason, Counter> rejections =
            new EnumMap<>(EmbeddingRejectedException.Reason.class);

    public MicrometerEmbedderListener(MeterRegistry registry, String model) {
        this.registry = registry;
        this.tags = Tags.of("model", model);
        this.requests = Counter.builder(NomicEmbeddingMetrics.REQUESTS).tags(tags)
                .description("Embedding calls accepted by the model").register(registry);
        this.texts = Counter.builder(NomicEmbeddingMetrics.TEXTS).tags(tags)
                .description("Texts embedded").register(registry);
        this.tokens = Counter.builder(NomicEmbeddingMetrics.TOKENS).tags(tags).baseUnit("tokens")
                .description("Tokens embedded (prefix and special tokens included, after truncation)")
                .register(registry);
        this.truncated = Counter.builder(NomicEmbeddingMetrics.TRUNCATED).tags(tags)
                .description("Texts longer than the maximum sequence length, truncated").register(registry);
        this.queueWait = Timer.builder(NomicEmbeddingMetrics.QUEUE_WAIT).tags(tags).publishPercentileHistogram()
                .description("Time a call waited in the request queue before its first forward pass")
                .register(registry);
        this.smallRequestWait = Timer.builder(NomicEmbeddingMetrics.SMALL_REQUEST_WAIT).tags(tags)
                .publishPercentileHistogram()
                .description("Time a small call (a query) waited before its forward pass, e.g. behind an ingest")
                .register(registry);
        this.preemptions = Counter.builder(NomicEmbeddingMetrics.PREEMPTIONS).tags(tags).baseUnit("texts")
                .description("Texts of small calls run between the layers of a larger forward pass in flight")
                .register(registry);
        this.forward = Timer.builder(NomicEmbeddingMetrics.FORWARD).tags(tags).publishPercentileHistogram()
                .description("Time of one forward pass").register(registry);
        this.batchSize = DistributionSummary.builder(NomicEmbeddingMetrics.BATCH_SIZE).tags(tags).baseUnit("texts")
                .publishPercentileHistogram().description("Texts per forward pass").register(registry);
        this.batchTokens = DistributionSummary.builder(NomicEmbeddingMetrics.BATCH_TOKENS).tags(tags)
                .baseUnit("tokens").publishPercentileHistogram().description("Real tokens per forward pass")
                .register(registry);
        this.batchPaddedTokens = DistributionSummary.builder(NomicEmbeddingMetrics.BATCH_PADDED_TOKENS).tags(tags)
                .baseUnit("tokens").description("Padded token positions per forward pass (texts x longest)")
                .register(registry);
        this.oomSplits = Counter.builder(NomicEmbeddingMetrics.OOM_SPLITS).tags(tags)
                .description("Forward passes that ran out of memory and were retried as two halves")
                .register(registry);
        for (EmbeddingRejectedException.Reason reason : EmbeddingRejectedException.Reason.values()) {
            rejections.put(reason, Counter.builder(NomicEmbeddingMetrics.REJECTIONS).tags(tags)
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .description("Calls the request scheduler refused or gave up on, by reason").register(registry));
        }
    }

    @Override
    public void onRequest(int texts, long tokens) {
        requests.increment();
        this.texts.increment(texts);
        this.tokens.increment(tokens);
    }

    @Override
    public void onTruncated(int texts) {
        truncated.increment(texts);
    }

    @Override
    public void onQueueWait(long nanos) {
        queueWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onSmallRequestWait(long nanos) {
        smallRequestWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onPreemption(int texts, long tokens) {
        preemptions.increment(texts);
    }

    @Override
    public void onForward(int rows, long tokens, long paddedTokens, long nanos) {
        forward.record(nanos, TimeUnit.NANOSECONDS);
        batchSize.record(rows);
        batchTokens.record(tokens);
        batchPaddedTokens.record(paddedTokens);
    }

    @Override
    public void onRejected(EmbeddingRejectedException.Reason reason) {
        rejections.get(reason).increment();
    }

    @Override
    public void onOomSplit(int rows) {
        oomSplits.increment();
    }

    @Override
    public void onForwardFailure(Throwable error) {
        Counter.builder(NomicEmbeddingMetrics.FORWARD_FAILURES).tags(tags)
                .tag("exception", error.getClass().getSimpleName())
                .description("Forward passes that failed (runtime or device errors)").register(registry).increment();
    }
}
