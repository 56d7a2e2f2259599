package io.github.nomicembed.core;

import io.github.nomicembed.core.model.ForwardTrace;
import io.github.nomicembed.core.tokenize.Tokenized;
import java.util.List;

/**
 * Test-only access to the forward pass of a {@link NomicEmbedder} (not public API): tokenizing an already prefixed
 * text and running tokenized texts on the caller's thread with a trace, for tests in any core package.
 */
public final class EngineTestAccess {

    private EngineTestAccess() {
    }

    /** Returns the mean-pooled, not normalised vectors of {@code tokenized}, in input order. */
    public static float[][] pooled(NomicEmbedder embedder, List<Tokenized> tokenized, ForwardTrace trace) {
        return embedder.pooled(tokenized, trace);
    }

    /** Returns {@code preparedText} (prefix already applied) tokenized, truncated to the maximum length. */
    public static Tokenized tokenize(NomicEmbedder embedder, String preparedText) {
        return embedder.tokenize(preparedText);
    }
}
