package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.springai.NomicEmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * A {@link NomicEmbeddingModel} whose every call ({@code embed(String)}, {@code embed(Document)}, the
 * vector-store batch path and {@code call}) passes an {@link EmbeddingCallGuard} first.
 */
public class GuardedNomicEmbeddingModel extends NomicEmbeddingModel {

    private final EmbeddingCallGuard guard;

    public GuardedNomicEmbeddingModel(NomicEmbeddingModel.Builder builder, EmbeddingCallGuard guard) {
        super(builder);
        this.guard = guard;
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        return guard.call(() -> super.call(request));
    }

    /** The guard in front of the model. */
    public EmbeddingCallGuard getGuard() {
        return guard;
    }
}
