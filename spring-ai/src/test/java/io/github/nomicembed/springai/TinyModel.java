package io.github.nomicembed.springai;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The tiny random-weight fixture (real layout) and reference vectors computed with explicit prefixes. */
final class TinyModel {

    static final String QUERY_PREFIX = "search_query: ";
    static final String DOCUMENT_PREFIX = "search_document: ";

    private TinyModel() {
    }

    static Path dir() {
        try {
            return Paths.get(TinyModel.class.getResource("/tiny-nomic-moe/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static NomicEmbedder load() {
        return load(EmbedderOptions.builder().optDevice("cpu").build());
    }

    static NomicEmbedder load(EmbedderOptions options) {
        return NomicEmbedder.load(dir(), options);
    }

    /** {@code text} embedded exactly as given (the prefix is part of {@code text}), at the default dimension. */
    static float[] raw(NomicEmbedder embedder, String text) {
        return embedder.embed(List.of(text), EmbeddingTask.NONE).vectors().get(0);
    }

    static float[] query(NomicEmbedder embedder, String text) {
        return raw(embedder, QUERY_PREFIX + text);
    }

    static float[] document(NomicEmbedder embedder, String text) {
        return raw(embedder, DOCUMENT_PREFIX + text);
    }
}
