package io.github.nomicembed.sample.rag;

import io.github.nomicembed.sample.AppProperties;
import io.github.nomicembed.sample.model.ModelInfo;
import java.util.Locale;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The default vector store ({@code spring.ai.vectorstore.type=simple}): a {@link FileBackedSimpleVectorStore}
 * in {@code app.store.dir}, one file per model and dimension so that switching models never mixes vectors.
 * Profile {@code pgvector} sets the type to {@code pgvector}, and Spring AI's auto-configured
 * {@code PgVectorStore} takes over.
 */
@Configuration(proxyBeanMethods = false)
public class VectorStoreConfiguration {

    @Bean
    @ConditionalOnProperty(name = "spring.ai.vectorstore.type", havingValue = "simple")
    FileBackedSimpleVectorStore simpleVectorStore(EmbeddingModel embeddingModel, ModelInfo modelInfo,
            AppProperties properties) {
        String slug = modelInfo.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        String fileName = "vector-store-" + slug + "-" + modelInfo.dimensions() + "d.json";
        return new FileBackedSimpleVectorStore(embeddingModel, properties.store().dir().resolve(fileName));
    }
}
