package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.NomicEmbedder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Texts and tokens waiting in the embedder's request scheduler (0 when the scheduler is off). */
final class QueueDepth {

    private QueueDepth() {
    }

    static Map<String, Object> of(NomicEmbedder embedder) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("texts", embedder.queuedTexts());
        m.put("tokens", embedder.queuedTokens());
        return m;
    }
}
