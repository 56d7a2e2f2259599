package io.github.nomicembed.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The model-accurate text splitter, under {@code nomic.embedding.splitter}: a
 * {@link io.github.nomicembed.springai.splitter.NomicTextSplitter} bean whose chunks always fit the model's
 * window as its own tokenizer counts them.
 *
 * <pre>
 * nomic.embedding.splitter.max-tokens=256
 * nomic.embedding.splitter.overlap-tokens=32
 * </pre>
 */
@ConfigurationProperties(prefix = NomicTextSplitterProperties.PREFIX)
public class NomicTextSplitterProperties {

    /** Property prefix. */
    public static final String PREFIX = "nomic.embedding.splitter";

    /** Whether the NomicTextSplitter bean is created (when Spring AI's TextSplitter is on the classpath). */
    private final boolean enabled;

    /**
     * Most tokens per chunk, the document prompt and the special tokens included. Unset means the model's
     * window (max-sequence-length, 512), so no chunk is ever truncated; smaller values give finer chunks.
     */
    private final Integer maxTokens;

    /** Most tokens of text two consecutive chunks share (whole words); 0 means none. */
    private final int overlapTokens;

    public NomicTextSplitterProperties(@DefaultValue("true") boolean enabled, Integer maxTokens,
            @DefaultValue("0") int overlapTokens) {
        if (maxTokens != null && maxTokens < 1) {
            throw invalid("max-tokens", maxTokens, "allowed: a positive number of tokens up to the model's window "
                    + "(max-sequence-length), or unset for the whole window");
        }
        if (overlapTokens < 0) {
            throw invalid("overlap-tokens", overlapTokens, "allowed: 0 (no overlap) up to half the tokens of text "
                    + "a chunk holds");
        }
        this.enabled = enabled;
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
    }

    static InvalidConfigurationPropertyValueException invalid(String property, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(PREFIX + "." + property, value, reason);
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** The configured maximum, or {@code null} for the model's window. */
    public Integer getMaxTokens() {
        return maxTokens;
    }

    public int getOverlapTokens() {
        return overlapTokens;
    }
}
