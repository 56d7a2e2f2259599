package io.github.nomicembed.sample.tokenize;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.tokenize.TokenInspector;
import io.github.nomicembed.core.tokenize.TokenSpan;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * What the model sees of a text: the prompt's prefix prepended as {@code /v1/embeddings} would, then every
 * token, its offsets mapped back to the text as sent. Holds one tokenizer, opened on first use (the model may
 * load in the background) and closed with the context.
 */
@Component
class TokenInspection implements DisposableBean {

    private final NomicEmbedder embedder;
    private final Object lock = new Object();
    private TokenInspector inspector;
    private boolean closed;

    TokenInspection(NomicEmbedder embedder) {
        this.embedder = embedder;
    }

    /** The prefix prompt {@code promptName} prepends to {@code text} ({@code ""} when none, or already there). */
    String prefix(String text, String promptName) {
        String prepared = embedder.info().prefixed(text, promptName);
        return prepared.substring(0, prepared.length() - text.length());
    }

    /** The tokens of {@code text} under {@code promptName}, offsets into {@code text}. */
    TokenizeResponse.Item inspect(int index, String text, String promptName) {
        String prepared = embedder.info().prefixed(text, promptName);
        int prefixLength = prepared.length() - text.length();
        List<TokenSpan> spans = inspector().tokens(prepared);
        List<TokenizeResponse.Token> tokens = new ArrayList<>(spans.size());
        for (TokenSpan t : spans) {
            tokens.add(token(t, prepared, text, prefixLength));
        }
        return new TokenizeResponse.Item(index, spans.size(), spans.size() > embedder.info().maxSequenceLength(), tokens);
    }

    private static TokenizeResponse.Token token(TokenSpan t, String prepared, String text, int prefixLength) {
        if (!t.hasSpan()) {
            return new TokenizeResponse.Token(t.id(), t.token(), true, false, null, null);
        }
        if (t.end() <= prefixLength) {
            return new TokenizeResponse.Token(t.id(), prepared.substring(t.start(), t.end()), false, true, null, null);
        }
        int start = Math.max(0, t.start() - prefixLength);
        int end = t.end() - prefixLength;
        return new TokenizeResponse.Token(t.id(), text.substring(start, end), false, false,
                text.codePointCount(0, start), text.codePointCount(0, end));
    }

    private TokenInspector inspector() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the application is shutting down");
            }
            if (inspector == null) {
                inspector = TokenInspector.forModel(embedder.info().modelDir());
            }
            return inspector;
        }
    }

    @Override
    public void destroy() {
        synchronized (lock) {
            closed = true;
            if (inspector != null) {
                inspector.close();
                inspector = null;
            }
        }
    }
}
