package io.github.nomicembed.core.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.nomicembed.core.config.ModelConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model's XLM-R tokenizer through the Hugging Face Rust library ({@code ai.djl.huggingface:tokenizers}):
 * special tokens added, truncation to {@code maxLength} tokens ({@code <s>}/{@code </s>} included), no
 * padding (batches are padded later, with the config's pad id). Thread-safe for encoding.
 */
public final class NomicTokenizer implements AutoCloseable {

    private final Path file;
    private final int maxLength;
    private final HuggingFaceTokenizer truncating;
    private final AtomicReference<HuggingFaceTokenizer> counting = new AtomicReference<>();

    /**
     * @param tokenizerJson the model's {@code tokenizer.json}
     * @param maxLength maximum tokens per text, special tokens included
     */
    public NomicTokenizer(Path tokenizerJson, int maxLength) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new ModelConfigException(tokenizerJson, "file not found (a model directory needs tokenizer.json)");
        }
        if (maxLength < 2) {
            // the tokenizer cannot truncate below <s> and </s> and would silently return every token instead
            throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for <s> and </s>; "
                    + "allowed: 2 or more");
        }
        TokenizerFileCheck.check(tokenizerJson);
        this.file = tokenizerJson;
        this.maxLength = maxLength;
        this.truncating = build(true);
        probe();
    }

    /**
     * Encodes one probe text at load, so that a file the library accepts but cannot use fails here, naming the file,
     * rather than on every request. Fuzzing found two: a post-processor template that repeats the text returns more
     * tokens than the limit (which the model's positions cannot hold), and a Unigram model without {@code unk_id}
     * throws on the first character outside its vocabulary (the probe starts with a private-use character).
     */
    private void probe() {
        int tokens;
        try {
            tokens = truncating.encode("\uE000 " + "a ".repeat(maxLength + 8)).getIds().length;
        } catch (RuntimeException e) {
            truncating.close();
            throw new ModelConfigException(file, "cannot encode a text with a character outside its vocabulary ("
                    + e.getMessage() + "); a Unigram model needs an 'unk_id'", e);
        }
        if (tokens > maxLength) {
            truncating.close();
            throw new ModelConfigException(file, "returns " + tokens + " tokens for a text cut to " + maxLength
                    + "; its post_processor must add each text once, with <s> and </s>");
        }
    }

    private HuggingFaceTokenizer build(boolean truncate) {
        try {
            HuggingFaceTokenizer.Builder b = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(true)
                    .optPadding(false)
                    .optTruncation(truncate);
            if (truncate) {
                b.optMaxLength(maxLength);
            }
            return b.build();
        } catch (IOException | RuntimeException e) {
            throw new ModelConfigException(file, "cannot be loaded as a Hugging Face tokenizer: " + e.getMessage(), e);
        }
    }

    /** Maximum tokens per text. */
    public int maxLength() {
        return maxLength;
    }

    /** Tokenizes {@code text}, truncating to {@link #maxLength()}. */
    public Tokenized encode(String text) {
        Encoding e = truncating.encode(text);
        long[] ids = e.getIds();
        return new Tokenized(ids, e.exceedMaxLength() || ids.length > maxLength);
    }

    /** Number of tokens {@code text} has without truncation (special tokens included). */
    public int countUntruncated(String text) {
        HuggingFaceTokenizer t = counting.get();
        if (t == null) {
            HuggingFaceTokenizer fresh = build(false);
            if (counting.compareAndSet(null, fresh)) {
                t = fresh;
            } else {
                fresh.close();
                t = counting.get();
            }
        }
        return t.encode(text).getIds().length;
    }

    @Override
    public void close() {
        truncating.close();
        HuggingFaceTokenizer t = counting.getAndSet(null);
        if (t != null) {
            t.close();
        }
    }
}
