package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.observe.CompositeEmbedderListener;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.springai.NomicBatchingStrategy;
import io.github.nomicembed.springai.NomicEmbeddingModel;
import io.github.nomicembed.springai.NomicEmbeddingOptions;
import io.github.nomicembed.springai.cache.EmbeddingCache;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.embedding.BatchingStrategy;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationConvention;
import org.springframework.ai.model.SpringAIModelProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configures the in-process nomic-embed-text-v2-moe Spring AI {@code EmbeddingModel}: a
 * {@link NomicEmbedder} (closed with the context), a {@link NomicEmbeddingModel} and a model-accurate
 * {@link BatchingStrategy} that vector store auto-configurations pick up instead of their cl100k default.
 *
 * <p>Active when {@code spring.ai.model.embedding} is {@code nomic} or unset; set it to {@code nomic} when
 * other embedding model starters are on the classpath. Every bean backs off when the application declares
 * its own. Properties: {@link NomicEmbeddingProperties} ({@code nomic.embedding.*}).
 */
@AutoConfiguration(beforeName = {
        "org.springframework.ai.vectorstore.azure.autoconfigure.AzureVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.cassandra.autoconfigure.CassandraVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.chroma.autoconfigure.ChromaVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.elasticsearch.autoconfigure.ElasticsearchVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.gemfire.autoconfigure.GemFireVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.mariadb.autoconfigure.MariaDbStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.milvus.autoconfigure.MilvusVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.mongodb.autoconfigure.MongoDBAtlasVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.neo4j.autoconfigure.Neo4jVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.opensearch.autoconfigure.OpenSearchVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.oracle.autoconfigure.OracleVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.pgvector.autoconfigure.PgVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.pinecone.autoconfigure.PineconeVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.qdrant.autoconfigure.QdrantVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.redis.autoconfigure.RedisVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.typesense.autoconfigure.TypesenseVectorStoreAutoConfiguration",
        "org.springframework.ai.vectorstore.weaviate.autoconfigure.WeaviateVectorStoreAutoConfiguration" })
@ConditionalOnClass(NomicEmbeddingModel.class)
@ConditionalOnProperty(name = SpringAIModelProperties.EMBEDDING_MODEL,
        havingValue = NomicEmbeddingAutoConfiguration.MODEL_NAME, matchIfMissing = true)
@EnableConfigurationProperties({NomicEmbeddingProperties.class, NomicReadinessProperties.class})
public class NomicEmbeddingAutoConfiguration {

    /** Value of {@code spring.ai.model.embedding} that selects this model. */
    public static final String MODEL_NAME = "nomic";

    /**
     * Loads the model; fails startup with the offending property named when a value is invalid. With
     * {@code nomic.embedding.readiness.load-in-background} the model directory is resolved and loaded in the
     * background instead, and a failure there is reported (health, readiness) rather than failing startup.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public NomicEmbedder nomicEmbedder(NomicEmbeddingProperties properties, NomicReadinessProperties readiness,
            ModelDirectoryResolver modelDirectory, ObjectProvider<EmbedderListener> listeners) {
        EmbedderListener listener = CompositeEmbedderListener.of(listeners.orderedStream().toList());
        if (readiness.isLoadInBackground()) {
            return NomicEmbedderLoader.loadInBackground(properties, modelDirectory, listener);
        }
        return NomicEmbedderLoader.load(properties, modelDirectory.resolve(), listener);
    }

    /**
     * The Spring AI {@code EmbeddingModel}; behind the {@link EmbeddingCallGuard} when there is one, and the
     * {@link EmbeddingCache} in front of the model when it is enabled.
     */
    @Bean
    @ConditionalOnMissingBean
    public NomicEmbeddingModel nomicEmbeddingModel(NomicEmbedder embedder, NomicEmbeddingProperties properties,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<EmbeddingModelObservationConvention> observationConvention,
            ObjectProvider<EmbeddingCallGuard> guard, ObjectProvider<EmbeddingCache> cache) {
        // dimensions unset: the model takes the embedder's (known at once, or once a background load ends); a
        // model still loading has its default task checked once loaded (NomicModelLifecycle)
        String promptName = embedder.isLoaded() ? NomicEmbedderLoader.defaultPromptName(properties, embedder)
                : properties.getDefaultTask();
        NomicEmbeddingModel.Builder builder = NomicEmbeddingModel.builder(embedder)
                .defaultOptions(NomicEmbeddingOptions.builder().model(embedder.options().modelName())
                        .promptName(promptName).build())
                .metadataMode(NomicEmbedderLoader.metadataMode(properties))
                .observationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP))
                .observationConvention(observationConvention.getIfAvailable())
                .cache(cache.getIfUnique());
        EmbeddingCallGuard callGuard = guard.getIfUnique();
        return callGuard == null ? builder.build() : new GuardedNomicEmbeddingModel(builder, callGuard);
    }

    /** Batches vector-store documents by this model's token counts and batch budget. */
    @Bean
    @ConditionalOnMissingBean(BatchingStrategy.class)
    public NomicBatchingStrategy nomicBatchingStrategy(NomicEmbedder embedder, NomicEmbeddingProperties properties) {
        return new NomicBatchingStrategy(embedder, embedder.options().maxBatchTokens(), embedder.options().batchSize(),
                NomicEmbedderLoader.metadataMode(properties));
    }

    /** {@code model-path}, else the model cache. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.github.nomicembed.modelcache.ModelCache")
    static class ModelCacheConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ModelDirectoryResolver nomicModelDirectoryResolver(NomicEmbeddingProperties properties) {
            return new PropertiesModelDirectoryResolver(properties, ModelCacheLookup::resolve);
        }
    }

    /** {@code model-path} only: the model cache is not on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("io.github.nomicembed.modelcache.ModelCache")
    static class ModelPathOnlyConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ModelDirectoryResolver nomicModelDirectoryResolver(NomicEmbeddingProperties properties) {
            return new PropertiesModelDirectoryResolver(properties, null);
        }
    }

    /** Vector stores configured for another dimension fail startup. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.ai.vectorstore.observation.AbstractObservationVectorStore")
    static class VectorStoreDimensionCheckConfiguration {

        @Bean
        static VectorStoreDimensionCheck nomicVectorStoreDimensionCheck(Environment environment) {
            return new VectorStoreDimensionCheck(environment);
        }
    }
}
