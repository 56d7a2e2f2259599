package io.github.nomicembed.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.github.nomicembed.core.config.ConfigReader;
import io.github.nomicembed.core.config.NomicBertConfig;
import io.github.nomicembed.core.runtime.ComputeType;
import io.github.nomicembed.core.runtime.PyTorchRuntime;
import io.github.nomicembed.core.weights.ModelWeights;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The float16 compute path (offered on CUDA only) exercised on CPU with the tiny model, where fp16 speed
 * does not matter: every op must run in half precision and stay close to the fp32 result.
 */
class Float16PathTest {

    @Test
    void halfPrecisionForwardStaysCloseToFloat32() throws URISyntaxException {
        PyTorchRuntime.engine(0);
        Path dir = Paths.get(getClass().getResource("/tiny-nomic-moe/config.json").toURI()).getParent();
        NomicBertConfig config = new ConfigReader().read(dir.resolve("config.json"));
        TokenBatch batch = TokenBatch.pad(new long[][] {{0, 10, 11, 12, 13, 2}, {0, 20, 21, 2}}, config.padTokenId());
        float[][] full;
        float[][] half;
        try (ModelWeights w = ModelWeights.load(dir.resolve("model.safetensors"), config, Device.cpu(), ComputeType.FLOAT32);
             NomicBertModel m = new NomicBertModel(w, 16)) {
            full = m.forward(batch, ForwardTrace.NONE);
        }
        try (ModelWeights w = ModelWeights.load(dir.resolve("model.safetensors"), config, Device.cpu(), ComputeType.FLOAT16);
             NomicBertModel m = new NomicBertModel(w, 16)) {
            half = m.forward(batch, ForwardTrace.NONE);
        }
        double worst = 0;
        double scale = 0;
        for (int r = 0; r < full.length; r++) {
            for (int c = 0; c < full[r].length; c++) {
                worst = Math.max(worst, Math.abs(full[r][c] - half[r][c]));
                scale = Math.max(scale, Math.abs(full[r][c]));
            }
        }
        System.out.printf("[fp16] pooled max |diff| = %.3e (max |value| %.3f)%n", worst, scale);
        assertThat(worst).isGreaterThan(0.0).isLessThan(0.05 * scale);
    }
}
