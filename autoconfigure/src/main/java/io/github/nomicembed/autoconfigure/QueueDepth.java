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
        m.put("texts", embedder.queueDepth().texts());
        m.put("tokens", embedder.queueDepth().tokens());
        return m;
    }
}
