package io.github.nomicembed.autoconfigure;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The tiny model with the operations and resilience auto-configurations. */
final class OperationsTestSupport {

    private OperationsTestSupport() {
    }

    static ApplicationContextRunner runner() {
        return TinyModel.runner().withConfiguration(AutoConfigurations.of(NomicResilienceAutoConfiguration.class,
                NomicEmbeddingOperationsAutoConfiguration.class));
    }

    /** A warm-up text longer than the tiny model's token limit (fails with truncation=error). */
    static String overLongText() {
        return "word ".repeat(2000);
    }

    /** Waits (bounded) for a condition that a background thread makes true; fails when it never does. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
