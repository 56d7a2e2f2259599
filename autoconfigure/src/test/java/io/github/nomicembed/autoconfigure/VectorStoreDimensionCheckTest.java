package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.fixture.TinyModel;
import io.github.nomicembed.springai.NomicBatchingStrategy;
import org.junit.jupiter.api.Test;
import org.springframework.ai.embedding.BatchingStrategy;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.pgvector.PgVectorStore;
import org.springframework.ai.vectorstore.pgvector.autoconfigure.PgVectorStoreAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A real PgVectorStore (auto-configured or declared) next to our model. Schema initialisation and validation
 * are off (their defaults), so no database is contacted: the check runs before the store initialises.
 */
class VectorStoreDimensionCheckTest {

    static final int MISMATCH = 1000;

    ApplicationContextRunner pgvector() {
        return ContextRunners.tinyModel()
                .withConfiguration(AutoConfigurations.of(NomicEmbeddingAutoConfiguration.class,
                        PgVectorStoreAutoConfiguration.class))
                .withUserConfiguration(Jdbc.class);
    }

    @Test
    void pgVectorDimensionsPropertyMismatchFailsStartupWithBothNumbersAndTheProperty() {
        int hidden = TinyModel.hiddenSize();
        pgvector().withPropertyValues("spring.ai.vectorstore.pgvector.dimensions=" + MISMATCH).run(ctx -> assertThat(ctx)
                .getFailure().rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(MISMATCH + "-dimensional").hasMessageContaining(hidden + "-dimensional")
                .hasMessageContaining("spring.ai.vectorstore.pgvector.dimensions=" + hidden));
    }

    @Test
    void mismatchWithinTheModelsRangeAlsoSuggestsNomicDimensions() {
        int half = TinyModel.hiddenSize() / 2;
        pgvector().withPropertyValues("spring.ai.vectorstore.pgvector.dimensions=" + half).run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("nomic.embedding.dimensions=" + half));
    }

    @Test
    void matchingPgVectorDimensionsStart() {
        int half = TinyModel.hiddenSize() / 2;
        pgvector().withPropertyValues("spring.ai.vectorstore.pgvector.dimensions=" + half,
                "nomic.embedding.dimensions=" + half).run(ctx -> assertThat(ctx).hasNotFailed()
                        .hasSingleBean(PgVectorStore.class));
    }

    /**
     * Without {@code spring.ai.vectorstore.pgvector.dimensions} the store sizes its {@code vector(n)} column by
     * {@code EmbeddingModel.dimensions()}: the model's full dimension, or {@code nomic.embedding.dimensions}.
     * ({@code embeddingDimensions()} is what PgVectorStore's schema initialisation uses; it is package-private.)
     */
    @Test
    void unsetPgVectorDimensionsTakeTheModels() {
        int hidden = TinyModel.hiddenSize();
        pgvector().run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(PgVectorStore.class);
            assertThat(storeDimensions(ctx.getBean(PgVectorStore.class))).isEqualTo(hidden);
        });
        pgvector().withPropertyValues("nomic.embedding.dimensions=" + hidden / 2).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(storeDimensions(ctx.getBean(PgVectorStore.class))).isEqualTo(hidden / 2);
        });
    }

    private static int storeDimensions(PgVectorStore store) {
        Integer dimensions = ReflectionTestUtils.invokeMethod(store, "embeddingDimensions");
        return dimensions == null ? -1 : dimensions;
    }

    @Test
    void declaredPgVectorStoreWithAnotherDimensionFailsStartup() {
        ContextRunners.tinyModel().withUserConfiguration(Jdbc.class, DeclaredStore.class).run(ctx -> assertThat(ctx)
                .getFailure().rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'myStore'").hasMessageContaining(MISMATCH + "-dimensional")
                .hasMessageContaining(TinyModel.hiddenSize() + "-dimensional")
                .hasMessageContaining("spring.ai.vectorstore.pgvector.dimensions"));
    }

    @Test
    void pgVectorStoreUsesTheNomicBatchingStrategy() {
        pgvector().run(ctx -> assertThat(ctx).hasSingleBean(BatchingStrategy.class)
                .doesNotHaveBean("pgVectorStoreBatchingStrategy")
                .getBean(BatchingStrategy.class).isInstanceOf(NomicBatchingStrategy.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Jdbc {
        @Bean
        JdbcTemplate jdbcTemplate() {
            // never connected to: nothing here runs SQL
            return new JdbcTemplate(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DeclaredStore {
        @Bean
        PgVectorStore myStore(JdbcTemplate jdbcTemplate, EmbeddingModel embeddingModel) {
            return PgVectorStore.builder(jdbcTemplate, embeddingModel).dimensions(MISMATCH).build();
        }
    }
}
