package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.core.EmbedderOptions;
import org.junit.jupiter.api.Test;

/** The starter's property defaults are the engine's option defaults: one set of defaults, not two copies. */
class PropertyDefaultsTest {

    @Test
    void unsetPropertiesGiveTheEnginesDefaultOptions() {
        EmbedderOptions fromProperties = NomicEmbedderLoader.embedderOptions(new NomicEmbeddingProperties());

        assertThat(fromProperties).isEqualTo(EmbedderOptions.defaults().toBuilder()
                .optModelName(NomicEmbeddingProperties.DEFAULT_MODEL_ID).build());
    }
}
