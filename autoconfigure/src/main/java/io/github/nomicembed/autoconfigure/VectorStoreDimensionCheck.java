package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.springai.NomicEmbeddingModel;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.observation.AbstractObservationVectorStore;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.util.ReflectionUtils;

/**
 * Fails startup when a vector store that embeds with a {@link NomicEmbeddingModel} is configured for a
 * different dimension, before the store initialises (e.g. before PgVectorStore creates its table). The
 * message gives both numbers and the property to change.
 *
 * <p>The store's dimension comes from the store itself where it exposes one ({@code embeddingDimensions()}
 * of PgVectorStore, MariaDBVectorStore, MilvusVectorStore, TypesenseVectorStore; {@code -1}/unset there
 * means "ask the model", which always matches), else from the store's dimension property when it is set.
 */
class VectorStoreDimensionCheck implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(VectorStoreDimensionCheck.class);

    /** Store package (last segment) to the Spring AI property holding its dimension. */
    private static final Map<String, String> DIMENSION_PROPERTIES = Map.of(
            "pgvector", "spring.ai.vectorstore.pgvector.dimensions",
            "mariadb", "spring.ai.vectorstore.mariadb.dimensions",
            "milvus", "spring.ai.vectorstore.milvus.embedding-dimension",
            "typesense", "spring.ai.vectorstore.typesense.embedding-dimension",
            "elasticsearch", "spring.ai.vectorstore.elasticsearch.dimensions",
            "opensearch", "spring.ai.vectorstore.opensearch.dimensions",
            "oracle", "spring.ai.vectorstore.oracle.dimensions",
            "neo4j", "spring.ai.vectorstore.neo4j.embedding-dimension",
            "couchbase", "spring.ai.vectorstore.couchbase.dimensions");

    private final Environment environment;

    VectorStoreDimensionCheck(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractObservationVectorStore store
                && embeddingModelOf(store) instanceof NomicEmbeddingModel model) {
            check(store, beanName, model);
        }
        return bean;
    }

    private void check(VectorStore store, String beanName, NomicEmbeddingModel model) {
        String property = DIMENSION_PROPERTIES.get(storeKey(store));
        Integer storeDimensions = exposedDimensions(store);
        boolean fromProperty = false;
        if (storeDimensions == null && property != null) {
            storeDimensions = environment.getProperty(property, Integer.class);
            fromProperty = true;
        }
        if (storeDimensions == null || storeDimensions <= 0 || storeDimensions == model.dimensions()) {
            return;
        }
        int ours = model.dimensions();
        int hidden = model.getEmbedder().info().hiddenSize();
        StringBuilder msg = new StringBuilder().append(store.getClass().getSimpleName()).append(" bean '")
                .append(beanName).append("' is configured for ").append(storeDimensions)
                .append("-dimensional vectors, but the nomic EmbeddingModel produces ").append(ours)
                .append("-dimensional ones (nomic.embedding.dimensions). ");
        if (property != null && (fromProperty || environment.containsProperty(property))) {
            msg.append("Set ").append(property).append('=').append(ours).append(" (or remove it to use the model's)");
        } else {
            msg.append("Configure the vector store with ").append(ours).append(" dimensions");
            if (property != null) {
                msg.append(" (").append(property).append(" for the auto-configured store)");
            }
        }
        if (storeDimensions <= hidden) {
            msg.append(", or set nomic.embedding.dimensions=").append(storeDimensions).append(" (allowed: 1..")
                    .append(hidden).append(')');
        }
        msg.append('.');
        throw new IllegalStateException(msg.toString());
    }

    private static @Nullable String storeKey(Object store) {
        String pkg = store.getClass().getPackageName();
        return pkg.substring(pkg.lastIndexOf('.') + 1);
    }

    /** The dimension the store says it uses, or {@code null} when it does not say. */
    private static @Nullable Integer exposedDimensions(Object store) {
        Method m = ReflectionUtils.findMethod(store.getClass(), "embeddingDimensions");
        if (m == null || (m.getReturnType() != int.class && m.getReturnType() != Integer.class)) {
            return null;
        }
        try {
            ReflectionUtils.makeAccessible(m);
            return (Integer) m.invoke(store);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Cannot read the dimension of {}: {}", store.getClass().getName(), e.toString());
            return null;
        }
    }

    private static @Nullable EmbeddingModel embeddingModelOf(AbstractObservationVectorStore store) {
        Field f = ReflectionUtils.findField(AbstractObservationVectorStore.class, "embeddingModel");
        if (f == null) {
            return null;
        }
        try {
            ReflectionUtils.makeAccessible(f);
            return (EmbeddingModel) f.get(store);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Cannot read the embedding model of {}: {}", store.getClass().getName(), e.toString());
            return null;
        }
    }
}
