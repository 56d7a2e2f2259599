package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.NomicEmbedder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Names of the model's Micrometer meters (all tagged {@code model}), and the binder of its queue gauges.
 * Spring AI's {@code gen_ai.client.operation} timer and {@code gen_ai.client.token.usage} counter come on top.
 */
public class NomicEmbeddingMetrics implements MeterBinder {

    /** Counter: calls accepted by the model. */
    public static final String REQUESTS = "nomic.embedding.requests";
    /** Counter: texts embedded. */
    public static final String TEXTS = "nomic.embedding.texts";
    /** Counter: tokens embedded. */
    public static final String TOKENS = "nomic.embedding.tokens";
    /** Counter: texts truncated to the maximum sequence length. */
    public static final String TRUNCATED = "nomic.embedding.truncated";
    /** Timer: wait in the request queue before the first forward pass. */
    public static final String QUEUE_WAIT = "nomic.embedding.queue.wait";
    /** Timer: wait of small calls (scheduler.small-request-tokens) before their pass, e.g. behind an ingest. */
    public static final String SMALL_REQUEST_WAIT = "nomic.embedding.small.request.wait";
    /** Counter: texts of small calls run at a yield point of a larger pass in flight. */
    public static final String PREEMPTIONS = "nomic.embedding.preemptions";
    /** Timer: one forward pass. */
    public static final String FORWARD = "nomic.embedding.forward";
    /** Summary: texts per forward pass. */
    public static final String BATCH_SIZE = "nomic.embedding.batch.size";
    /** Summary: real tokens per forward pass. */
    public static final String BATCH_TOKENS = "nomic.embedding.batch.tokens";
    /** Summary: padded positions per forward pass. */
    public static final String BATCH_PADDED_TOKENS = "nomic.embedding.batch.padded.tokens";
    /** Counter, tag {@code reason}: calls refused by the scheduler. */
    public static final String REJECTIONS = "nomic.embedding.rejections";
    /** Counter: out-of-memory splits of a forward pass. */
    public static final String OOM_SPLITS = "nomic.embedding.oom.splits";
    /** Counter, tag {@code exception}: failed forward passes. */
    public static final String FORWARD_FAILURES = "nomic.embedding.forward.failures";
    /** Gauge: texts waiting in the request queue. */
    public static final String QUEUE_TEXTS = "nomic.embedding.queue.texts";
    /** Gauge: tokens waiting in the request queue. */
    public static final String QUEUE_TOKENS = "nomic.embedding.queue.tokens";

    private final NomicEmbedder embedder;

    public NomicEmbeddingMetrics(NomicEmbedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(QUEUE_TEXTS, embedder, e -> e.queueDepth().texts()).tag("model", embedder.options().modelName())
                .description("Texts waiting in the request queue").register(registry);
        Gauge.builder(QUEUE_TOKENS, embedder, e -> e.queueDepth().tokens()).tag("model", embedder.options().modelName())
                .baseUnit("tokens").description("Tokens waiting in the request queue").register(registry);
    }
}
