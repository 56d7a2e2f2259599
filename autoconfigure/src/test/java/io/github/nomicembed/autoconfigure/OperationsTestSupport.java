package io.github.nomicembed.autoconfigure;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The tiny model with the operations and resilience auto-configurations. */
final class OperationsTestSupport {

    private OperationsTestSupport() {
    }

    static ApplicationContextRunner runner() {
        return ContextRunners.tinyModel().withConfiguration(AutoConfigurations.of(NomicResilienceAutoConfiguration.class,
                NomicEmbeddingOperationsAutoConfiguration.class));
    }

    /** A warm-up text longer than the tiny model's token limit (fails with truncation=error). */
    static String overLongText() {
        return "word ".repeat(2000);
    }

    /** Waits (bounded) for a condition that a background thread makes true; fails when it never does. */
    static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
