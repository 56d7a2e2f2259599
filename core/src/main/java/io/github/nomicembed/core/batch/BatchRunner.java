package io.github.nomicembed.core.batch;

import ai.djl.pytorch.jni.JniUtils;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.model.NomicBertModel;
import io.github.nomicembed.core.model.TokenBatch;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.util.List;

/**
 * Runs tokenized texts through the model in planned batches and returns their mean-pooled vectors in input
 * order. Stateless and thread-safe; a request queue can hand it the merged texts of several callers.
 */
public final class BatchRunner {

    private final NomicBertModel model;
    private final BatchPlanner planner;
    private final long padId;
    private final int threads;

    /**
     * @param model the forward pass
     * @param planner how texts are cut into forward passes
     * @param padId id used to pad shorter rows
     * @param threads libtorch intra-op threads for the calling thread, or 0 to leave them
     */
    public BatchRunner(NomicBertModel model, BatchPlanner planner, long padId, int threads) {
        this.model = model;
        this.planner = planner;
        this.padId = padId;
        this.threads = threads;
    }

    /** Pooled, not normalised vectors of {@code texts}, in input order. */
    public float[][] run(List<Tokenized> texts, ForwardTrace trace) {
        if (threads > 0) {
            JniUtils.setNumThreads(threads); // applies to the calling thread in libtorch
        }
        int[] lengths = texts.stream().mapToInt(Tokenized::length).toArray();
        float[][] out = new float[texts.size()][];
        for (int[] batch : planner.plan(lengths)) {
            long[][] rows = new long[batch.length][];
            for (int j = 0; j < batch.length; j++) {
                rows[j] = texts.get(batch[j]).ids();
            }
            float[][] pooled = model.forward(TokenBatch.pad(rows, padId), trace);
            for (int j = 0; j < batch.length; j++) {
                out[batch[j]] = pooled[j];
            }
        }
        return out;
    }
}
