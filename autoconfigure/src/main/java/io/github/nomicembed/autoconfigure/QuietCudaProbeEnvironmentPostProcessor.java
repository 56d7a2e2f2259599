package io.github.nomicembed.autoconfigure;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps DJL's CUDA probe quiet where no GPU can be used. When DJL loads its native libraries it asks the CUDA
 * runtime for the GPU count (several times); on a host with a CUDA runtime but no usable driver every start then
 * logs {@code ai.djl.util.cuda.CudaUtils} WARN lines ("Failed to detect GPU count: CUDA driver version is
 * insufficient ..."), even with {@code nomic.embedding.device=cpu}.
 *
 * <p>Those lines only matter when a GPU could be used: {@code device=cuda...}, or {@code device=auto} with a CUDA
 * libtorch supplied ({@code PYTORCH_FLAVOR=cu...} or {@code PYTORCH_LIBRARY_PATH}). Otherwise this sets
 * {@code logging.level.ai.djl.util.cuda.CudaUtils=ERROR} as a default, in the environment's last property source,
 * so any value the application sets wins.
 */
public class QuietCudaProbeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The logging level property this sets. */
    static final String LOGGING_LEVEL = "logging.level.ai.djl.util.cuda.CudaUtils";

    private final UnaryOperator<@Nullable String> envOrSystemProperty;

    public QuietCudaProbeEnvironmentPostProcessor() {
        this(name -> System.getenv(name) != null ? System.getenv(name) : System.getProperty(name));
    }

    QuietCudaProbeEnvironmentPostProcessor(UnaryOperator<@Nullable String> envOrSystemProperty) {
        this.envOrSystemProperty = envOrSystemProperty;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(LOGGING_LEVEL)) {
            return;
        }
        String device = environment.getProperty(NomicEmbeddingProperties.PREFIX + ".device", "auto");
        if (gpuMayBeUsed(device)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource("nomicQuietCudaProbe",
                Map.of(LOGGING_LEVEL, "ERROR")));
    }

    /** Whether {@code device} may run on a GPU with the libtorch DJL will load. */
    boolean gpuMayBeUsed(String device) {
        String d = device.strip().toLowerCase(Locale.ROOT);
        if (d.startsWith("cuda") || d.startsWith("gpu")) {
            return true;
        }
        if (!d.equals("auto") && !d.isEmpty()) {
            return false; // cpu (an invalid value fails later, naming the property)
        }
        String flavor = envOrSystemProperty.apply("PYTORCH_FLAVOR");
        String libraryPath = envOrSystemProperty.apply("PYTORCH_LIBRARY_PATH");
        return (flavor != null && flavor.strip().toLowerCase(Locale.ROOT).startsWith("cu"))
                || (libraryPath != null && !libraryPath.isBlank());
    }

    /** After the config data (application.yml and the like), so {@code nomic.embedding.device} is known. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
