package io.github.nomicembed.springai;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.TokenCount;
import io.github.nomicembed.core.TruncationPolicy;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.embedding.BatchingStrategy;

/**
 * Splits documents into embedding calls by the model's own token counts: each document is tokenized with
 * the model's tokenizer exactly as it will be embedded (document prefix and special tokens included,
 * truncated to the maximum sequence length, 512 by default), and a batch ends before its token sum would
 * exceed {@code maxBatchTokens} or it would hold more than {@code maxBatchSize} documents. A document
 * larger than the budget gets a batch of its own.
 *
 * <p>Spring AI's default ({@code TokenCountBatchingStrategy}) counts with OpenAI's cl100k tokenizer against
 * an 8191-token limit, which says nothing about this model. Vector store auto-configurations use any
 * {@link BatchingStrategy} bean, so registering this one replaces theirs.
 *
 * <pre>{@code
 * BatchingStrategy batching = new NomicBatchingStrategy(embedder);          // the embedder's batch budget
 * VectorStore store = PgVectorStore.builder(jdbcTemplate, embeddingModel).batchingStrategy(batching).build();
 * }</pre>
 *
 * With truncation policy {@code error}, a document over the maximum length is rejected here, before any
 * embedding is computed, with an {@link IllegalArgumentException} naming the document and the limit.
 */
public final class NomicBatchingStrategy implements BatchingStrategy {

    private final NomicEmbedder embedder;
    private final int maxBatchTokens;
    private final int maxBatchSize;
    private final MetadataMode metadataMode;

    /** Uses the embedder's {@code maxBatchTokens} and {@code batchSize}, and metadata mode none. */
    public NomicBatchingStrategy(NomicEmbedder embedder) {
        this(embedder, embedder.options().maxBatchTokens(), embedder.options().batchSize(), MetadataMode.NONE);
    }

    /**
     * @param embedder the model whose tokenizer counts
     * @param maxBatchTokens maximum sum of token counts per batch, at least 1
     * @param maxBatchSize maximum documents per batch, at least 1
     * @param metadataMode must match the embedding model's metadata mode
     */
    public NomicBatchingStrategy(NomicEmbedder embedder, int maxBatchTokens, int maxBatchSize,
            MetadataMode metadataMode) {
        if (embedder == null) {
            throw new IllegalArgumentException("embedder must not be null");
        }
        if (maxBatchTokens < 1) {
            throw new IllegalArgumentException("maxBatchTokens must be >= 1, was " + maxBatchTokens);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, was " + maxBatchSize);
        }
        this.embedder = embedder;
        this.maxBatchTokens = maxBatchTokens;
        this.maxBatchSize = maxBatchSize;
        this.metadataMode = metadataMode == null ? MetadataMode.NONE : metadataMode;
    }

    @Override
    public List<List<Document>> batch(List<Document> documents) {
        if (documents == null) {
            throw new IllegalArgumentException("documents must not be null");
        }
        List<List<Document>> batches = new ArrayList<>();
        List<Document> current = new ArrayList<>();
        long currentTokens = 0;
        for (Document document : documents) {
            int tokens = tokenCount(document);
            if (!current.isEmpty() && (currentTokens + tokens > maxBatchTokens || current.size() >= maxBatchSize)) {
                batches.add(current);
                current = new ArrayList<>();
                currentTokens = 0;
            }
            current.add(document);
            currentTokens += tokens;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /**
     * Tokens {@code document} is embedded with (document prefix and special tokens included, after truncation).
     *
     * @throws IllegalArgumentException when the document has no text, or is too long under policy {@code error}
     */
    public int tokenCount(Document document) {
        TokenCount count = embedder.countTokens(DocumentContent.of(document, metadataMode),
                EmbeddingTask.DOCUMENT.promptName());
        if (count.truncated() && embedder.options().truncation() == TruncationPolicy.ERROR) {
            throw new IllegalArgumentException("Document '" + document.getId() + "' has " + count.untruncated()
                    + " tokens, more than the model's " + embedder.info().maxSequenceLength() + "-token limit "
                    + "(document prefix and special tokens included). "
                    + "Split it into smaller chunks (e.g. with TokenTextSplitter) or use truncation 'truncate'.");
        }
        return count.embedded();
    }

    /** Maximum sum of token counts per batch. */
    public int maxBatchTokens() {
        return maxBatchTokens;
    }

    /** Maximum documents per batch. */
    public int maxBatchSize() {
        return maxBatchSize;
    }
}
