package io.github.nomicembed.autoconfigure;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.springai.splitter.NomicTextSplitter;
import org.springframework.ai.transformer.splitter.TextSplitter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link NomicTextSplitter} bean, when Spring AI's splitter API is on the classpath, unless the application
 * declares its own {@link TextSplitter} or sets {@code nomic.embedding.splitter.enabled=false}. Properties:
 * {@link NomicTextSplitterProperties}.
 */
@AutoConfiguration(after = NomicEmbeddingAutoConfiguration.class)
@ConditionalOnClass({TextSplitter.class, NomicTextSplitter.class})
@ConditionalOnBean(NomicEmbedder.class)
@ConditionalOnBooleanProperty(name = NomicTextSplitterProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(NomicTextSplitterProperties.class)
public class NomicTextSplitterAutoConfiguration {

    /**
     * The splitter; its limits are checked against the model now when it is loaded, else on first use.
     *
     * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException
     *     naming the property when a limit does not fit the model
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(TextSplitter.class)
    public NomicTextSplitter nomicTextSplitter(NomicEmbedder embedder, NomicTextSplitterProperties properties) {
        int maxTokens = properties.getMaxTokens() == null ? 0 : properties.getMaxTokens();
        try {
            return NomicTextSplitter.builder(embedder).maxTokens(maxTokens)
                    .overlapTokens(properties.getOverlapTokens()).build();
        } catch (IllegalArgumentException e) {
            boolean overlap = e.getMessage() != null && e.getMessage().startsWith("overlap-tokens");
            throw NomicTextSplitterProperties.invalid(overlap ? "overlap-tokens" : "max-tokens",
                    overlap ? properties.getOverlapTokens() : maxTokens, e.getMessage());
        }
    }
}
