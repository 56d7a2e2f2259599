package io.github.nomicembed.core;

import io.github.nomicembed.core.tokenize.Tokenized;
import java.util.ArrayList;
import java.util.List;

/** A call of {@link NomicEmbedder}, checked and tokenized on the loaded model, waiting for its pooled vectors. */
record TokenizedCall(LoadedModel model, List<Tokenized> tokenized, int dimensions) {

    /** The vectors (truncated to {@code dimensions}, re-normalised) and token counts, in input order. */
    EmbeddingResult result(float[][] pooled) {
        List<float[]> vectors = new ArrayList<>(pooled.length);
        int[] counts = new int[pooled.length];
        for (int i = 0; i < pooled.length; i++) {
            vectors.add(Matryoshka.truncateAndNormalize(pooled[i], dimensions));
            counts[i] = tokenized.get(i).length();
        }
        return new EmbeddingResult(vectors, counts);
    }
}
