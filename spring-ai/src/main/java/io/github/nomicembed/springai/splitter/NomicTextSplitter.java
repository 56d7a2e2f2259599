package io.github.nomicembed.springai.splitter;

import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.tokenize.TokenInspector;
import io.github.nomicembed.core.tokenize.TokenSpan;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.transformer.splitter.TextSplitter;

/**
 * A Spring AI {@link TextSplitter} that counts with nomic-embed-text-v2-moe's own tokenizer, so that no chunk
 * is ever truncated when embedded as a document: each chunk has at most {@code maxTokens} tokens
 * <b>including</b> the document prompt ({@code search_document: }) and the special tokens {@code <s>} and
 * {@code </s>}; by default exactly the model's window (512). Cuts fall on paragraph breaks where possible,
 * else sentence ends or line breaks, else word starts; only a word (or a run of text without spaces, e.g.
 * CJK) longer than a chunk is cut between two of its tokens. Chunks are exact substrings: joined without
 * their overlap they give the input back, whitespace included. Consecutive chunks may share up to
 * {@code overlapTokens} tokens of text (whole words). Each chunk gets the document's metadata plus
 * {@code parent_document_id}, {@code chunk_index} and {@code total_chunks} (from {@link TextSplitter}).
 *
 * <pre>{@code
 * NomicTextSplitter splitter = NomicTextSplitter.builder(embedder).overlapTokens(32).build();
 * vectorStore.add(splitter.apply(new TikaDocumentReader(resource).get()));
 * }</pre>
 *
 * The count covers the document's text; with an embedding model whose metadata mode puts metadata into the
 * embedded text, lower {@code maxTokens} by what the metadata takes. Thread-safe. Close it to free its
 * tokenizer (the embedder is not closed).
 */
public class NomicTextSplitter extends TextSplitter implements AutoCloseable {

    /** Fewest tokens of text a chunk must have room for, after the prompt and the special tokens. */
    static final int MIN_TEXT_TOKENS = 8;

    private static final String PROMPT = EmbeddingTask.DOCUMENT.promptName();

    private final NomicEmbedder embedder;
    private final int maxTokens;
    private final int overlapTokens;
    private final Object inspectorLock = new Object();
    private volatile TokenInspector inspector;
    private volatile boolean closed;

    private NomicTextSplitter(Builder b) {
        this.embedder = b.embedder;
        this.maxTokens = b.maxTokens;
        this.overlapTokens = b.overlapTokens;
        if (embedder.isLoaded()) {
            limits();
        }
    }

    /** A builder around {@code embedder}; defaults: the model's window, no overlap. */
    public static Builder builder(NomicEmbedder embedder) {
        return new Builder(embedder);
    }

    @Override
    protected List<String> splitText(String text) {
        List<Chunk> chunks = chunks(text);
        List<String> out = new ArrayList<>(chunks.size());
        for (Chunk c : chunks) {
            out.add(c.of(text));
        }
        return out;
    }

    /**
     * The chunks of {@code text}, in order, with their exact token counts; none for an empty text.
     *
     * @throws IllegalArgumentException for a null text, or limits that do not fit the model
     * @throws io.github.nomicembed.core.schedule.EmbeddingRejectedException while the model is not loaded
     */
    public List<Chunk> chunks(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        if (text.isEmpty()) {
            return List.of();
        }
        Limits limits = limits();
        List<TokenSpan> tokens = contentTokens(inspector().tokens(text));
        Boundaries boundaries = Boundaries.of(text, tokens);
        List<Chunk> chunks = new ArrayList<>();
        int start = 0;
        int previousEnd = 0;
        while (previousEnd < text.length()) {
            Chunk chunk = next(text, tokens, boundaries, start, previousEnd, limits);
            chunks.add(chunk);
            previousEnd = chunk.end();
            start = overlapStart(tokens, boundaries, chunk);
        }
        return chunks;
    }

    /** The longest chunk from {@code start} that fits and ends past {@code previousEnd} at the best cut. */
    private Chunk next(String text, List<TokenSpan> tokens, Boundaries boundaries, int start, int previousEnd,
            Limits limits) {
        int room = limits.textTokens();
        while (true) {
            int limit = limitFor(tokens, start, room, text.length());
            int end = limit <= previousEnd ? -1 : boundaries.best(previousEnd, limit);
            if (end < 0) {
                if (start < previousEnd) { // the overlap leaves no room: start afresh at the previous end
                    return next(text, tokens, boundaries, previousEnd, previousEnd, limits);
                }
                end = text.offsetByCodePoints(start, 1); // not even one token fits: one character
            }
            int exact = embedder.countTokens(text.substring(start, end), PROMPT).untruncated();
            if (exact <= limits.maxTokens()) {
                return new Chunk(start, end, exact);
            }
            int over = exact - limits.maxTokens();
            if (room <= 1) {
                throw new IllegalArgumentException("a piece of text at index " + start + " needs " + exact
                        + " tokens, more than the maximum of " + limits.maxTokens() + " per chunk; raise max-tokens");
            }
            room = Math.max(1, room - over);
        }
    }

    /**
     * The furthest end for a chunk from {@code start} whose tokens (those overlapping it) number at most
     * {@code room}: the start of the first token that would not fit.
     */
    private static int limitFor(List<TokenSpan> tokens, int start, int room, int length) {
        int first = firstEndingAfter(tokens, start);
        int stop = first + room;
        return stop < tokens.size() ? Math.max(start, tokens.get(stop).start()) : length;
    }

    /** Index of the first token ending after {@code position}. */
    private static int firstEndingAfter(List<TokenSpan> tokens, int position) {
        int lo = 0;
        int hi = tokens.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tokens.get(mid).end() <= position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Where the chunk after {@code chunk} starts: its last words up to {@code overlapTokens} tokens, or its end. */
    private int overlapStart(List<TokenSpan> tokens, Boundaries boundaries, Chunk chunk) {
        if (overlapTokens == 0) {
            return chunk.end();
        }
        int firstIn = firstEndingAfter(tokens, chunk.start());
        int lastIn = firstEndingAfter(tokens, chunk.end()); // exclusive, roughly: tokens starting before the end
        while (lastIn < tokens.size() && tokens.get(lastIn).start() < chunk.end()) {
            lastIn++;
        }
        int from = lastIn - overlapTokens;
        if (from <= firstIn) {
            from = firstIn + 1;
        }
        if (from >= lastIn) {
            return chunk.end();
        }
        int earliest = tokens.get(from).start();
        int start = boundaries.first(Math.max(earliest, chunk.start() + 1), chunk.end(), Boundaries.WORD);
        return start < 0 ? chunk.end() : start;
    }

    private static List<TokenSpan> contentTokens(List<TokenSpan> all) {
        List<TokenSpan> out = new ArrayList<>(all.size());
        for (TokenSpan t : all) {
            if (t.hasSpan()) {
                out.add(t);
            }
        }
        return out;
    }

    /** The most tokens per chunk (the configured number, else the model's window). */
    public int maxTokens() {
        return limits().maxTokens();
    }

    /** The most tokens two consecutive chunks share. */
    public int overlapTokens() {
        return overlapTokens;
    }

    /** The limits resolved against the loaded model, checked. */
    private Limits limits() {
        int window = embedder.info().maxSequenceLength();
        int max = maxTokens == 0 ? window : maxTokens;
        int overhead = embedder.countTokens("", PROMPT).untruncated();
        if (max > window) {
            throw new IllegalArgumentException("max-tokens " + max + " is more than the model reads (" + window
                    + " tokens per text); allowed: " + (overhead + MIN_TEXT_TOKENS) + ".." + window + ", or unset for "
                    + window);
        }
        int textTokens = max - overhead;
        if (textTokens < MIN_TEXT_TOKENS) {
            throw new IllegalArgumentException("max-tokens " + max + " leaves " + textTokens + " tokens of text per "
                    + "chunk after the " + overhead + " of the document prompt and the special tokens; allowed: "
                    + (overhead + MIN_TEXT_TOKENS) + ".." + window);
        }
        if (overlapTokens * 2 > textTokens) {
            throw new IllegalArgumentException("overlap-tokens " + overlapTokens + " is more than half of the "
                    + textTokens + " tokens of text a chunk holds (max-tokens " + max + "); allowed: 0.."
                    + textTokens / 2);
        }
        return new Limits(max, textTokens);
    }

    private TokenInspector inspector() {
        TokenInspector i = inspector;
        if (i == null) {
            synchronized (inspectorLock) {
                if (closed) {
                    throw new IllegalStateException("this NomicTextSplitter is closed");
                }
                i = inspector;
                if (i == null) {
                    i = TokenInspector.forModel(embedder.info().modelDir());
                    inspector = i;
                }
            }
        }
        return i;
    }

    /** Frees the tokenizer; the embedder stays open. */
    @Override
    public void close() {
        synchronized (inspectorLock) {
            closed = true;
            TokenInspector i = inspector;
            inspector = null;
            if (i != null) {
                i.close();
            }
        }
    }

    /** The per-chunk limits on the loaded model. */
    private record Limits(int maxTokens, int textTokens) {
    }

    /** Builder of {@link NomicTextSplitter}. */
    public static final class Builder {

        private final NomicEmbedder embedder;
        private int maxTokens;
        private int overlapTokens;

        private Builder(NomicEmbedder embedder) {
            if (embedder == null) {
                throw new IllegalArgumentException("embedder must not be null");
            }
            this.embedder = embedder;
        }

        /**
         * Most tokens per chunk, the document prompt and the special tokens included; {@code 0} (the default)
         * means the model's window, so nothing is truncated.
         */
        public Builder maxTokens(int maxTokens) {
            if (maxTokens < 0) {
                throw new IllegalArgumentException("max-tokens " + maxTokens + " is negative; allowed: 0 (the "
                        + "model's window) or a positive number of tokens up to the model's window");
            }
            this.maxTokens = maxTokens;
            return this;
        }

        /** Most tokens of text two consecutive chunks share (whole words); {@code 0} (the default) for none. */
        public Builder overlapTokens(int overlapTokens) {
            if (overlapTokens < 0) {
                throw new IllegalArgumentException("overlap-tokens " + overlapTokens + " is negative; allowed: 0 "
                        + "(no overlap) up to half the tokens of text a chunk holds");
            }
            this.overlapTokens = overlapTokens;
            return this;
        }

        /**
         * The splitter; with a loaded model its limits are checked now, else on first use.
         *
         * @throws IllegalArgumentException when max-tokens exceeds the model's window, leaves too little room
         *     for text, or the overlap is more than half a chunk's text
         */
        public NomicTextSplitter build() {
            return new NomicTextSplitter(this);
        }
    }
}
