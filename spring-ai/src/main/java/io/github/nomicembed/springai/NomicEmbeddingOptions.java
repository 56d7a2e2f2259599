package io.github.nomicembed.springai;

import io.github.nomicembed.core.EmbeddingTask;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.embedding.EmbeddingOptions;

/**
 * Per-request options of a {@link NomicEmbeddingModel}: output {@code dimensions} (Matryoshka: the first N
 * components, re-normalised), the {@code task} that picks the prefix, and the reported {@code model} name.
 * Every field is optional; a {@code null} field falls back to the model's defaults. Immutable.
 *
 * <pre>{@code
 * EmbeddingResponse r = embeddingModel.call(new EmbeddingRequest(List.of("What is RAG?"),
 *         NomicEmbeddingOptions.builder().task(EmbeddingTask.QUERY).dimensions(256).build()));
 * }</pre>
 *
 * <p>A plain {@link EmbeddingOptions} (e.g. {@code EmbeddingOptions.builder().dimensions(256).build()})
 * works too; it just cannot carry a task.
 */
public final class NomicEmbeddingOptions implements EmbeddingOptions {

    private final @Nullable String model;
    private final @Nullable Integer dimensions;
    private final @Nullable EmbeddingTask task;

    private NomicEmbeddingOptions(@Nullable String model, @Nullable Integer dimensions, @Nullable EmbeddingTask task) {
        this.model = model;
        this.dimensions = dimensions;
        this.task = task;
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Copies {@code options}: model and dimensions from any {@link EmbeddingOptions}, and the task too when
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
        return builder().model(model).dimensions(dimensions).task(task);
    }

    /** These options with every non-null field of {@code override} taking precedence. */
    public NomicEmbeddingOptions merge(@Nullable EmbeddingOptions override) {
        NomicEmbeddingOptions o = from(override);
        return new NomicEmbeddingOptions(o.model != null && !o.model.isBlank() ? o.model : model,
                o.dimensions != null ? o.dimensions : dimensions, o.task != null ? o.task : task);
    }

    @Override
    public @Nullable String getModel() {
        return model;
    }

    @Override
    public @Nullable Integer getDimensions() {
        return dimensions;
    }

    /** What the texts are embedded for ({@code query}, {@code document} or {@code none}), or {@code null}. */
    public @Nullable EmbeddingTask getTask() {
        return task;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NomicEmbeddingOptions other && Objects.equals(model, other.model)
                && Objects.equals(dimensions, other.dimensions) && task == other.task;
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, dimensions, task);
    }

    @Override
    public String toString() {
        return "NomicEmbeddingOptions[model=" + model + ", dimensions=" + dimensions + ", task=" + task + "]";
    }

    /** Builder of {@link NomicEmbeddingOptions}; also usable wherever an {@link EmbeddingOptions.Builder} is. */
    public static final class Builder implements EmbeddingOptions.Builder {

        private @Nullable String model;
        private @Nullable Integer dimensions;
        private @Nullable EmbeddingTask task;

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

        /** Task that picks the prefix; {@code null} for the model's default task. */
        public Builder task(@Nullable EmbeddingTask task) {
            this.task = task;
            return this;
        }

        /** Task as {@code query|document|none} (see {@link EmbeddingTask#parse}). */
        public Builder task(String task) {
            return task(EmbeddingTask.parse(task));
        }

        @Override
        public NomicEmbeddingOptions build() {
            return new NomicEmbeddingOptions(model, dimensions, task);
        }
    }
}
