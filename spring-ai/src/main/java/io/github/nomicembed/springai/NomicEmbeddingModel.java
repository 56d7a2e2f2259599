package io.github.nomicembed.springai;

import io.github.nomicembed.core.EmbeddingResult;
import io.github.nomicembed.core.EmbeddingTask;
import io.github.nomicembed.core.Matryoshka;
import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.springai.cache.EmbeddingCache;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.embedding.AbstractEmbeddingModel;
import org.springframework.ai.embedding.BatchingStrategy;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.ai.embedding.observation.DefaultEmbeddingModelObservationConvention;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationConvention;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationDocumentation;

/**
 * Spring AI {@link org.springframework.ai.embedding.EmbeddingModel} running nomic-embed-text-v2-moe
 * in-process through a {@link NomicEmbedder}, with the model's task prefixes applied per call site:
 *
 * <ul>
 *   <li>{@link #embed(String)} embeds a <b>query</b> ({@code search_query: }); this is what every vector
 *       store's similarity search calls;</li>
 *   <li>{@link #embed(Document)}, {@link #getEmbeddingContent(Document)} and the batched
 *       {@link #embed(List, EmbeddingOptions, BatchingStrategy)} embed <b>documents</b>
 *       ({@code search_document: }); this is what vector stores call on {@code add};</li>
 *   <li>{@link #call(EmbeddingRequest)} (and {@code embed(List<String>)}) uses the prompt name (or task) of a
 *       {@link NomicEmbeddingOptions} request, any prompt of the model such as {@code Clustering}, else the
 *       default prompt (document unless configured).</li>
 * </ul>
 *
 * A text that already starts with a known prefix is embedded as it is. {@link #dimensions()} answers from
 * configuration and never runs the model. Every call is observed as {@code gen_ai.client.operation}
 * (provider {@value #PROVIDER}) with the real prompt token counts as usage.
 *
 * <pre>{@code
 * NomicEmbedder embedder = NomicEmbedder.load(Path.of("/models/nomic-embed-text-v2-moe"));
 * try (NomicEmbeddingModel model = NomicEmbeddingModel.builder(embedder)
 *         .defaultOptions(NomicEmbeddingOptions.builder().dimensions(256).build())
 *         .observationRegistry(registry)
 *         .build()) {
 *     VectorStore store = SimpleVectorStore.builder(model).build();
 *     store.add(List.of(new Document("Berlin is the capital of Germany.")));   // document prefix
 *     store.similaritySearch("capital of Germany");                             // query prefix
 * }
 * }</pre>
 *
 * Closing the model closes the embedder. Thread-safe.
 */
public class NomicEmbeddingModel extends AbstractEmbeddingModel implements AutoCloseable {

    /** Provider name used in observations ({@code gen_ai.system}). */
    public static final String PROVIDER = "nomic";

    private static final EmbeddingModelObservationConvention DEFAULT_CONVENTION =
            new DefaultEmbeddingModelObservationConvention();

    private static final NomicEmbeddingOptions QUERY = NomicEmbeddingOptions.builder().task(EmbeddingTask.QUERY).build();
    private static final NomicEmbeddingOptions DOCUMENT =
            NomicEmbeddingOptions.builder().task(EmbeddingTask.DOCUMENT).build();

    private final NomicEmbedder embedder;
    private final NomicEmbeddingOptions givenOptions;
    private volatile @Nullable NomicEmbeddingOptions defaultOptions;
    private final MetadataMode metadataMode;
    private final ObservationRegistry observationRegistry;
    private volatile @Nullable EmbeddingModelObservationConvention observationConvention;
    private final @Nullable EmbeddingCache cache;

    /** A model with the embedder's defaults: document task, metadata mode none, no observations. */
    public NomicEmbeddingModel(NomicEmbedder embedder) {
        this(builder(embedder));
    }

    /**
     * For subclasses that decorate {@link #call(EmbeddingRequest)} (e.g. with admission control). With an
     * embedder still loading in the background ({@link NomicEmbedder#loadInBackground}) the defaults are checked
     * against the model once it is loaded, on first use.
     */
    protected NomicEmbeddingModel(Builder b) {
        this.embedder = b.embedder;
        this.givenOptions = b.defaultOptions;
        this.metadataMode = b.metadataMode;
        this.observationRegistry = b.observationRegistry;
        this.observationConvention = b.observationConvention;
        this.cache = b.cache;
        if (embedder.isLoaded()) {
            this.defaultOptions = resolve(embedder, givenOptions);
        }
    }

    /** {@code given} completed from the loaded model, and checked against it. */
    private static NomicEmbeddingOptions resolve(NomicEmbedder embedder, NomicEmbeddingOptions given) {
        String model = given.getModel() != null && !given.getModel().isBlank() ? given.getModel()
                : embedder.options().modelName();
        int dims = Matryoshka.checkDimensions(given.getDimensions() != null ? given.getDimensions()
                : embedder.dimensions(), embedder.info().hiddenSize());
        String promptName = given.getPromptName() != null ? given.getPromptName() : EmbeddingTask.DOCUMENT.promptName();
        embedder.info().promptPrefix(promptName); // an unknown default prompt fails here, listing the names allowed
        return NomicEmbeddingOptions.builder().model(model).dimensions(dims).promptName(promptName).build();
    }

    /**
     * The defaults, resolved against the model once it is loaded.
     *
     * @throws io.github.nomicembed.core.schedule.EmbeddingRejectedException while the embedder is still loading
     *     or after its load failed
     */
    private NomicEmbeddingOptions defaults() {
        NomicEmbeddingOptions resolved = defaultOptions;
        if (resolved == null) {
            embedder.info(); // never waits for a background load: a request is refused at once
            resolved = resolve(embedder, givenOptions);
            defaultOptions = resolved;
        }
        return resolved;
    }

    /** A builder around {@code embedder}. */
    public static Builder builder(NomicEmbedder embedder) {
        return new Builder(embedder);
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        NomicEmbeddingOptions options = defaults().merge(request.getOptions());
        List<String> texts = request.getInstructions();
        EmbeddingRequest observed = new EmbeddingRequest(texts, options);
        EmbeddingModelObservationContext context = EmbeddingModelObservationContext.builder()
                .embeddingRequest(observed).provider(PROVIDER).build();
        return EmbeddingModelObservationDocumentation.EMBEDDING_MODEL_OPERATION
                .observation(observationConvention, DEFAULT_CONVENTION, () -> context, observationRegistry)
                .observe(() -> {
                    EmbeddingResponse response = embed(texts, options);
                    context.setResponse(response);
                    return response;
                });
    }

    private EmbeddingResponse embed(List<String> texts, NomicEmbeddingOptions options) {
        String promptName = options.getPromptName();
        EmbeddingResult result = cache == null ? embedTexts(texts, promptName, options.getDimensions())
                : cache.embed(texts, promptName, options.getDimensions(),
                        misses -> embedTexts(misses, promptName, embedder.info().hiddenSize()));
        List<Embedding> embeddings = new ArrayList<>(result.size());
        for (int i = 0; i < result.size(); i++) {
            embeddings.add(new Embedding(result.vectors().get(i), i));
        }
        return new EmbeddingResponse(embeddings,
                new EmbeddingResponseMetadata(defaults().getModel(), new PromptTokenUsage(result.tokenCounts())));
    }

    /**
     * Runs one request's texts on the embedder (inside the observation); subclasses may decorate it, e.g.
     * with a time limit through {@link NomicEmbedder#embedAsync}.
     */
    protected EmbeddingResult embedTexts(List<String> texts, String promptName, int dimensions) {
        return embedder.embed(texts, promptName, dimensions);
    }

    /** Embeds {@code text} as a search query ({@code search_query: }). */
    @Override
    public float[] embed(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return call(new EmbeddingRequest(List.of(text), QUERY)).getResult().getOutput();
    }

    /** Same as {@link #embed(String)}: the text is a search query. */
    public float[] embedQuery(String text) {
        return embed(text);
    }

    /** Embeds {@code text} as a document to be searched ({@code search_document: }). */
    public float[] embedDocument(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return call(new EmbeddingRequest(List.of(text), DOCUMENT)).getResult().getOutput();
    }

    /** Embeds the document's content (per the metadata mode) as a document. */
    @Override
    public float[] embed(Document document) {
        return embedDocument(getEmbeddingContent(document));
    }

    /** The document's content (per the metadata mode) with the document prefix: exactly what gets embedded. */
    @Override
    public String getEmbeddingContent(Document document) {
        return embedder.info().prefixed(DocumentContent.of(document, metadataMode),
                EmbeddingTask.DOCUMENT.promptName());
    }

    /**
     * Embeds {@code documents} as documents, whatever task {@code options} names; other options apply. With a
     * cache, the documents it holds are answered first and only the others are batched and embedded.
     */
    @Override
    public List<float[]> embed(List<Document> documents, @Nullable EmbeddingOptions options,
            BatchingStrategy batchingStrategy) {
        NomicEmbeddingOptions forced = NomicEmbeddingOptions.from(options).mutate().task(EmbeddingTask.DOCUMENT).build();
        if (cache == null || documents == null || documents.isEmpty()) {
            return super.embed(documents, forced, batchingStrategy);
        }
        NomicEmbeddingOptions merged = defaults().merge(forced);
        List<String> contents = new ArrayList<>(documents.size());
        for (Document d : documents) {
            contents.add(getEmbeddingContent(d));
        }
        float[][] found = cache.lookup(contents, merged.getPromptName(), merged.getDimensions());
        List<Document> missing = new ArrayList<>();
        for (int i = 0; i < found.length; i++) {
            if (found[i] == null) {
                missing.add(documents.get(i));
            }
        }
        List<float[]> computed = missing.isEmpty() ? List.of() : super.embed(missing, forced, batchingStrategy);
        List<float[]> out = new ArrayList<>(found.length);
        int next = 0;
        for (float[] vector : found) {
            out.add(vector != null ? vector : computed.get(next++));
        }
        return out;
    }

    /**
     * The configured output dimension; never runs the model. Before a background load ends, one that is not
     * configured waits for the load ({@link NomicEmbedder#dimensions()}).
     */
    @Override
    public int dimensions() {
        NomicEmbeddingOptions resolved = defaultOptions;
        if (resolved != null) {
            return resolved.getDimensions();
        }
        return givenOptions.getDimensions() != null ? givenOptions.getDimensions() : embedder.dimensions();
    }

    /**
     * The defaults every request is merged onto (model, dimensions and prompt name all set).
     *
     * @throws io.github.nomicembed.core.schedule.EmbeddingRejectedException before a background load ends
     */
    public NomicEmbeddingOptions getDefaultOptions() {
        return defaults();
    }

    /** How document metadata takes part in the embedded text. */
    public MetadataMode getMetadataMode() {
        return metadataMode;
    }

    /** The cache in front of the model, or {@code null} when there is none. */
    public @Nullable EmbeddingCache getCache() {
        return cache;
    }

    /** The embedder doing the work. */
    public NomicEmbedder getEmbedder() {
        return embedder;
    }

    /** Replaces the observation convention ({@code null} for Spring AI's default). */
    public void setObservationConvention(@Nullable EmbeddingModelObservationConvention observationConvention) {
        this.observationConvention = observationConvention;
    }

    /** Closes the embedder and releases the model's native memory. */
    @Override
    public void close() {
        embedder.close();
    }

    /** Builder of {@link NomicEmbeddingModel}. */
    public static final class Builder {

        private final NomicEmbedder embedder;
        private NomicEmbeddingOptions defaultOptions = NomicEmbeddingOptions.builder().build();
        private MetadataMode metadataMode = MetadataMode.NONE;
        private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
        private @Nullable EmbeddingModelObservationConvention observationConvention;
        private @Nullable EmbeddingCache cache;

        private Builder(NomicEmbedder embedder) {
            if (embedder == null) {
                throw new IllegalArgumentException("embedder must not be null");
            }
            this.embedder = embedder;
        }

        /** Defaults for requests; unset fields come from the embedder (dimensions, name) or are the document prompt. */
        public Builder defaultOptions(NomicEmbeddingOptions defaultOptions) {
            this.defaultOptions = defaultOptions == null ? NomicEmbeddingOptions.builder().build() : defaultOptions;
            return this;
        }

        /** How document metadata takes part in the embedded text (default {@link MetadataMode#NONE}). */
        public Builder metadataMode(MetadataMode metadataMode) {
            this.metadataMode = metadataMode == null ? MetadataMode.NONE : metadataMode;
            return this;
        }

        /** Where observations go (default: none). */
        public Builder observationRegistry(ObservationRegistry observationRegistry) {
            this.observationRegistry = observationRegistry == null ? ObservationRegistry.NOOP : observationRegistry;
            return this;
        }

        /** A custom observation convention ({@code null} for Spring AI's default). */
        public Builder observationConvention(@Nullable EmbeddingModelObservationConvention observationConvention) {
            this.observationConvention = observationConvention;
            return this;
        }

        /**
         * A cache in front of the model ({@code null}, the default, for none): texts it holds are answered from
         * it, the others are embedded and added. See {@link EmbeddingCache}.
         */
        public Builder cache(@Nullable EmbeddingCache cache) {
            this.cache = cache;
            return this;
        }

        /**
         * The model.
         *
         * @throws IllegalArgumentException when the default dimensions exceed the model's hidden size, or the
         *     default prompt name is not one of the model's
         */
        public NomicEmbeddingModel build() {
            return new NomicEmbeddingModel(this);
        }
    }
}
