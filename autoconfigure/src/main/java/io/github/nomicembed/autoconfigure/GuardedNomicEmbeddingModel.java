package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.springai.NomicEmbeddingModel;
import java.util.List;
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

    /** The texts run within the guard's time limit, if it has one. */
    @Override
    protected EmbeddingResult embedTexts(List<String> texts, String promptName, int dimensions) {
        return guard.runTexts(() -> getEmbedder().embedAsync(texts, promptName, dimensions),
                () -> super.embedTexts(texts, promptName, dimensions));
    }

    /** The guard in front of the model. */
    public EmbeddingCallGuard getGuard() {
        return guard;
    }
}
