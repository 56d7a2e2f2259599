package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** DJL's CUDA probe warnings are kept at ERROR where no GPU can be used, and only there. */
class QuietCudaProbeEnvironmentPostProcessorTest {

    private static String levelAfter(MockEnvironment environment, Map<String, String> envOrSystem) {
        new QuietCudaProbeEnvironmentPostProcessor(envOrSystem::get).postProcessEnvironment(environment,
                new SpringApplication());
        return environment.getProperty(QuietCudaProbeEnvironmentPostProcessor.LOGGING_LEVEL);
    }

    @Test
    void cpuIsQuiet() {
        assertThat(levelAfter(new MockEnvironment().withProperty("nomic.embedding.device", "cpu"),
                Map.of("PYTORCH_FLAVOR", "cu128"))).isEqualTo("ERROR");
    }

    @Test
    void autoWithTheBundledCpuLibtorchIsQuiet() {
        assertThat(levelAfter(new MockEnvironment(), Map.of())).isEqualTo("ERROR");
        assertThat(levelAfter(new MockEnvironment().withProperty("nomic.embedding.device", "AUTO"), Map.of()))
                .isEqualTo("ERROR");
    }

    @Test
    void aGpuThatMayBeUsedKeepsTheWarnings() {
        assertThat(levelAfter(new MockEnvironment().withProperty("nomic.embedding.device", "cuda:1"), Map.of()))
                .isNull();
        assertThat(levelAfter(new MockEnvironment(), Map.of("PYTORCH_FLAVOR", "cu128"))).isNull();
        assertThat(levelAfter(new MockEnvironment(), Map.of("PYTORCH_LIBRARY_PATH", "/opt/libtorch/lib"))).isNull();
    }

    @Test
    void theApplicationsOwnLevelWins() {
        assertThat(levelAfter(new MockEnvironment().withProperty("nomic.embedding.device", "cpu")
                .withProperty(QuietCudaProbeEnvironmentPostProcessor.LOGGING_LEVEL, "DEBUG"), Map.of()))
                .isEqualTo("DEBUG");
    }
}
