package io.github.nomicembed.core.batch;

import ai.djl.pytorch.jni.JniUtils;
import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.model.NomicBertModel;
import io.github.nomicembed.core.model.TokenBatch;
import io.github.nomicembed.core.model.YieldPoint;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.EmbeddingOutOfMemoryException;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.util.Arrays;
import java.util.List;

/**
 * Runs tokenized texts through the model in planned batches and returns their mean-pooled vectors in input
 * order. A batch that runs out of memory (CUDA OOM, a failed native allocation) is split in halves and
 * retried, down to single texts; a single text that still does not fit fails with
 * {@link EmbeddingOutOfMemoryException}. Stateless and thread-safe; the request scheduler hands it the merged
 * texts of several callers.
 */
public final class BatchRunner {

    private final NomicBertModel model;
    private final BatchPlanner planner;
    private final long padId;
    private final int threads;
    private final EmbedderListener listener;

    /**
     * @param model the forward pass
     * @param planner how texts are cut into forward passes
     * @param padId id used to pad shorter rows
     * @param threads libtorch intra-op threads for the calling thread, or 0 to leave them
     * @param listener told about every forward pass and every out-of-memory split
     */
    public BatchRunner(NomicBertModel model, BatchPlanner planner, long padId, int threads, EmbedderListener listener) {
        this.model = model;
        this.planner = planner;
        this.padId = padId;
        this.threads = threads;
        this.listener = listener;
    }

    /** Pooled, not normalised vectors of {@code texts}, in input order. */
    public float[][] run(List<Tokenized> texts, ForwardTrace trace) {
        return run(texts, trace, YieldPoint.NONE);
    }

    /**
     * Pooled, not normalised vectors of {@code texts}, in input order, letting waiting work run at
     * {@code yield}'s points of each forward pass.
     */
    public float[][] run(List<Tokenized> texts, ForwardTrace trace, YieldPoint yield) {
        if (threads > 0) {
            JniUtils.setNumThreads(threads); // applies to the calling thread in libtorch
        }
        int[] lengths = texts.stream().mapToInt(Tokenized::length).toArray();
        float[][] out = new float[texts.size()][];
        for (int[] batch : planner.plan(lengths)) {
            forward(texts, batch, out, trace, yield);
        }
        return out;
    }

    private void forward(List<Tokenized> texts, int[] batch, float[][] out, ForwardTrace trace, YieldPoint yield) {
        long[][] rows = new long[batch.length][];
        long tokens = 0;
        for (int j = 0; j < batch.length; j++) {
            rows[j] = texts.get(batch[j]).ids();
            tokens += rows[j].length;
        }
        TokenBatch padded = TokenBatch.pad(rows, padId);
        float[][] pooled;
        long t0 = System.nanoTime();
        try {
            pooled = model.forward(padded, trace, yield);
        } catch (RuntimeException | OutOfMemoryError e) {
            if (!OutOfMemory.is(e)) {
                throw e;
            }
            if (batch.length == 1) {
                throw new EmbeddingOutOfMemoryException("out of memory embedding a single text of " + tokens
                        + " tokens, even after splitting its batch down to one text: " + e.getMessage()
                        + ". Lower the maximum sequence length or free device memory.", e);
            }
            listener.onOomSplit(batch.length);
            int half = batch.length / 2;
            forward(texts, Arrays.copyOfRange(batch, 0, half), out, trace, yield);
            forward(texts, Arrays.copyOfRange(batch, half, batch.length), out, trace, yield);
            return;
        }
        listener.onForward(batch.length, tokens, (long) padded.size() * padded.seqLen(), System.nanoTime() - t0);
        for (int j = 0; j < batch.length; j++) {
            out[batch[j]] = pooled[j];
        }
    }
}
