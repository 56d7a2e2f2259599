package io.github.nomicembed.springai;

import io.github.nomicembed.core.EmbeddingTask;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.embedding.EmbeddingOptions;

/**
 * Per-request options of a {@link NomicEmbeddingModel}: output {@code dimensions} (Matryoshka: the first N
 * components, re-normalised), the {@code promptName} that picks the prefix, and the reported {@code model}
 * name. Every field is optional; a {@code null} field falls back to the model's defaults. Immutable.
 *
 * <p>A prompt name is any prompt of the model's {@code config_sentence_transformers.json} (for
 * nomic-embed-text-v2-moe {@code query}, {@code passage}, {@code Clustering}, {@code Classification},
 * {@code STS}, ...), a prompt added with {@code nomic.embedding.prompts.*}, {@code document} (= passage) or
 * {@code none}; an unknown name fails the call with the names allowed. {@link Builder#task(EmbeddingTask)}
 * sets the names {@code query}, {@code document} and {@code none}.
 *
 * <pre>{@code
 * EmbeddingResponse r = embeddingModel.call(new EmbeddingRequest(List.of("What is RAG?"),
 *         NomicEmbeddingOptions.builder().task(EmbeddingTask.QUERY).dimensions(256).build()));
 * EmbeddingResponse c = embeddingModel.call(new EmbeddingRequest(texts,
 *         NomicEmbeddingOptions.builder().promptName("Clustering").build()));
 * }</pre>
 *
 * <p>A plain {@link EmbeddingOptions} (e.g. {@code EmbeddingOptions.builder().dimensions(256).build()})
 * works too; it just cannot carry a prompt name.
 */
public final class NomicEmbeddingOptions implements EmbeddingOptions {

    private final @Nullable String model;
    private final @Nullable Integer dimensions;
    private final @Nullable String promptName;

    private NomicEmbeddingOptions(@Nullable String model, @Nullable Integer dimensions, @Nullable String promptName) {
        this.model = model;
        this.dimensions = dimensions;
        this.promptName = promptName;
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Copies {@code options}: model and dimensions from any {@link EmbeddingOptions}, and the prompt name too when
     * it is a {@link NomicEmbeddingOptions}. {@code null} gives empty options.
     */
    public static NomicEmbeddingOptions from(@Nullable EmbeddingOptions options) {
        if (options instanceof NomicEmbeddingOptions nomic) {
            return nomic;
        }
        if (options == null) {
            return builder().build();
        }
        return builder().model(options.getModel()).dimensions(options.getDimensions()).build();
    }

    /** A builder starting from these options. */
    public Builder mutate() {
        return builder().model(model).dimensions(dimensions).promptName(promptName);
    }

    /** These options with every non-null field of {@code override} taking precedence. */
    public NomicEmbeddingOptions merge(@Nullable EmbeddingOptions override) {
        NomicEmbeddingOptions o = from(override);
        return new NomicEmbeddingOptions(o.model != null && !o.model.isBlank() ? o.model : model,
                o.dimensions != null ? o.dimensions : dimensions, o.promptName != null ? o.promptName : promptName);
    }

    @Override
    public @Nullable String getModel() {
        return model;
    }

    @Override
    public @Nullable Integer getDimensions() {
        return dimensions;
    }

    /** Name of the prompt whose prefix the texts get (e.g. {@code query}, {@code Clustering}), or {@code null}. */
    public @Nullable String getPromptName() {
        return promptName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NomicEmbeddingOptions other && Objects.equals(model, other.model)
                && Objects.equals(dimensions, other.dimensions) && Objects.equals(promptName, other.promptName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, dimensions, promptName);
    }

    @Override
    public String toString() {
        return "NomicEmbeddingOptions[model=" + model + ", dimensions=" + dimensions + ", promptName=" + promptName
                + "]";
    }

    /** Builder of {@link NomicEmbeddingOptions}; also usable wherever an {@link EmbeddingOptions.Builder} is. */
    public static final class Builder implements EmbeddingOptions.Builder {

        private @Nullable String model;
        private @Nullable Integer dimensions;
        private @Nullable String promptName;

        private Builder() {
        }

        /** Model name reported with the response ({@code null} for the configured one). */
        @Override
        public Builder model(@Nullable String model) {
            this.model = model;
            return this;
        }

        /** Output dimension, at least 1 and at most the model's hidden size; {@code null} for the default. */
        @Override
        public Builder dimensions(@Nullable Integer dimensions) {
            if (dimensions != null && dimensions < 1) {
                throw new IllegalArgumentException("dimensions must be >= 1, was " + dimensions);
            }
            this.dimensions = dimensions;
            return this;
        }

        /**
         * Prompt whose prefix the texts get: a name of the model's prompts or an added one, {@code document}
         * or {@code none} (checked against the model when the request runs); {@code null} for the default.
         */
        public Builder promptName(@Nullable String promptName) {
            if (promptName != null && promptName.isBlank()) {
                throw new IllegalArgumentException("promptName must not be blank; use a prompt of the model such as "
                        + "query, document, Clustering, or none, or null for the default");
            }
            this.promptName = promptName;
            return this;
        }

        /** Task that picks the prefix: prompt {@code query}, {@code document} or {@code none}; {@code null} unsets. */
        public Builder task(@Nullable EmbeddingTask task) {
            return promptName(task == null ? null : task.promptName());
        }

        /** Task as {@code query|document|none} (see {@link EmbeddingTask#parse}). */
        public Builder task(String task) {
            return task(EmbeddingTask.parse(task));
        }

        @Override
        public NomicEmbeddingOptions build() {
            return new NomicEmbeddingOptions(model, dimensions, promptName);
        }
    }
}
