package io.github.nomicembed.core.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.github.nomicembed.core.config.ModelConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows what the model's tokenizer makes of a text: every token with its id, its spelling, whether it is
 * special, and the characters of the text it was read from. Tokenizes exactly as the model does (special
 * tokens added, no padding) but never truncates, so a text over the limit shows all of its tokens. For token
 * counting, text splitting and {@code /tokenize}-style inspection; embedding goes through
 * {@link io.github.nomicembed.core.NomicEmbedder}. Thread-safe; close it to free the native tokenizer.
 *
 * <pre>{@code
 * try (TokenInspector inspector = TokenInspector.forModel(embedder.modelDir())) {
 *     for (TokenSpan t : inspector.tokens("Berlin ist schön")) {
 *         System.out.println(t.id() + " " + t.token() + " " + t.start() + ".." + t.end());
 *     }
 * }
 * }</pre>
 */
public final class TokenInspector implements AutoCloseable {

    /** File name of the tokenizer in a model directory. */
    public static final String FILE = "tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;

    /**
     * @param tokenizerJson the model's {@code tokenizer.json}
     * @throws ModelConfigException when the file is missing or not a Hugging Face tokenizer
     */
    public TokenInspector(Path tokenizerJson) {
        if (tokenizerJson == null || !Files.isRegularFile(tokenizerJson)) {
            throw new ModelConfigException(tokenizerJson, "file not found (a model directory needs tokenizer.json)");
        }
        try {
            this.tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(true)
                    .optPadding(false)
                    .optTruncation(false)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new ModelConfigException(tokenizerJson, "cannot be loaded as a Hugging Face tokenizer: "
                    + e.getMessage(), e);
        }
    }

    /** The inspector of the model in {@code modelDir} (its {@value #FILE}). */
    public static TokenInspector forModel(Path modelDir) {
        if (modelDir == null) {
            throw new IllegalArgumentException("modelDir must not be null");
        }
        return new TokenInspector(modelDir.resolve(FILE));
    }

    /**
     * Every token of {@code text}, special tokens included, in order, not truncated.
     *
     * @throws IllegalArgumentException for a null text
     */
    public List<TokenSpan> tokens(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        Encoding e = tokenizer.encode(text);
        long[] ids = e.getIds();
        String[] tokens = e.getTokens();
        long[] special = e.getSpecialTokenMask();
        CharSpan[] spans = e.getCharTokenSpans();
        CodePointIndex index = CodePointIndex.of(text);
        List<TokenSpan> out = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            boolean isSpecial = special[i] == 1;
            CharSpan span = spans == null || i >= spans.length ? null : spans[i];
            if (isSpecial || span == null) {
                out.add(new TokenSpan(ids[i], tokens[i], true, -1, -1));
            } else {
                out.add(new TokenSpan(ids[i], tokens[i], false, index.toCharIndex(span.getStart()),
                        index.toCharIndex(span.getEnd())));
            }
        }
        return out;
    }

    /** Number of tokens of {@code text}, special tokens included, not truncated. */
    public int count(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return tokenizer.encode(text).getIds().length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
