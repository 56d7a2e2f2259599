package io.github.nomicembed.springai;

import io.github.nomicembed.core.EmbedderOptions;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.NomicEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The tiny random-weight fixture (real layout) and reference vectors computed with explicit prefixes. */
public final class TinyModel {

    static final String QUERY_PREFIX = "search_query: ";
    static final String DOCUMENT_PREFIX = "search_document: ";

    private TinyModel() {
    }

    public static Path dir() {
        try {
            return Paths.get(TinyModel.class.getResource("/tiny-nomic-moe/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A copy of the fixture in {@code target} with the real model's {@code config_sentence_transformers.json}
     * (its prompts: query, passage, Clustering, Classification, STS, ...).
     */
    static Path withModelPrompts(Path target) {
        try {
            Files.createDirectories(target);
            for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
                Files.copy(dir().resolve(f), target.resolve(f));
            }
            try (InputStream in = TinyModel.class.getResourceAsStream("/model-prompts/config_sentence_transformers.json")) {
                Files.copy(in, target.resolve("config_sentence_transformers.json"));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NomicEmbedder load() {
        return load(EmbedderOptions.builder().optDevice("cpu").build());
    }

    public static NomicEmbedder load(EmbedderOptions options) {
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
