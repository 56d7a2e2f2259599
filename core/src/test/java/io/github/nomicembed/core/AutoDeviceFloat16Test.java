package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.StandardCapabilities;
import io.github.nomicembed.core.runtime.ComputeType;
import io.github.nomicembed.core.runtime.PyTorchRuntime;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code device=auto} means the best this host has: float16 asked for without CUDA runs float32 on CPU. */
class AutoDeviceFloat16Test {

    @Test
    void autoWithFloat16LoadsAndEmbedsInFloat32OnAHostWithoutCuda() {
        Assumptions.assumeFalse(PyTorchRuntime.engine(0).hasCapability(StandardCapabilities.CUDA),
                "a CUDA libtorch is loaded");
        List<String> texts = List.of("Berlin is the capital of Germany.");
        try (NomicEmbedder fp16 = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("auto")
                .optDtype("float16").build());
                NomicEmbedder fp32 = NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu")
                        .build())) {
            assertThat(fp16.info().dtype()).isEqualTo(ComputeType.FLOAT32);
            assertThat(fp16.options().dtype()).isEqualTo(ComputeType.FLOAT16);
            assertThat(fp16.info().device().isGpu()).isFalse();
            assertThat(fp16.embed(texts, EmbeddingTask.DOCUMENT).vectors().get(0))
                    .containsExactly(fp32.embed(texts, EmbeddingTask.DOCUMENT).vectors().get(0));
        }
    }

    @Test
    void explicitCpuWithFloat16FailsToLoadWithTheClearMessage() {
        assertThatThrownBy(() -> NomicEmbedder.load(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu")
                .optDtype("float16").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dtype float16 is only supported on CUDA");
    }
}
