package io.github.nomicembed.sample.model;

import io.github.nomicembed.autoconfigure.ModelDirectoryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;

/**
 * Profile {@code offline-demo} ({@code app.offline-demo=true}): the model is the tiny random-weight test
 * model shipped in this app's resources ({@code offline-demo-model/}), for machines without access to the
 * model hub. The model loader needs a real directory, so the files are copied to a temporary directory at
 * startup (this works from the IDE, {@code spring-boot:run} and {@code java -jar} alike). Replaces the
 * starter's {@link ModelDirectoryResolver}, so {@code nomic.embedding.model-path} and the model cache are
 * not consulted.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "app.offline-demo", havingValue = "true")
public class OfflineDemoModelConfiguration {

    static final String RESOURCE_DIR = "offline-demo-model/";
    static final String[] FILES = {"config.json", "model.safetensors", "tokenizer.json",
        "config_sentence_transformers.json"};

    private static final Logger log = LoggerFactory.getLogger(OfflineDemoModelConfiguration.class);

    @Bean
    ModelDirectoryResolver offlineDemoModelDirectory() {
        return () -> {
            warn();
            return extract();
        };
    }

    /** Repeats the warning once the app is up, so it is the last thing in the startup log. */
    @EventListener(ApplicationReadyEvent.class)
    void warnWhenReady() {
        warn();
    }

    private static void warn() {
        String line = "!".repeat(100);
        log.warn("\n{}\n!! {}\n{}", line, ModelInfo.OFFLINE_DEMO_WARNING, line);
    }

    /** Copies the model files to a fresh temporary directory, deleted when the JVM exits. */
    public static Path extract() {
        try {
            Path dir = Files.createTempDirectory("nomic-embed-offline-demo-");
            dir.toFile().deleteOnExit();
            for (String name : FILES) {
                Path target = dir.resolve(name);
                try (InputStream in = new ClassPathResource(RESOURCE_DIR + name).getInputStream()) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
            }
            log.info("Offline demo model extracted to {}", dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract the offline demo model from the classpath ("
                    + RESOURCE_DIR + ")", e);
        }
    }
}
