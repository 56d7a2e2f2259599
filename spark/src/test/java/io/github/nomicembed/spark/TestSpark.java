package io.github.nomicembed.spark;

import io.github.nomicembed.core.fixture.TinyModel;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;

/** A loopback-only {@code local[2]} SparkSession (one per test class) and the tiny random-weight test model. */
final class TestSpark {

    private static Path tinyModel;

    private TestSpark() {
    }

    /** Starts a session; skips (with the reason) on Java 23+, where Spark 4.1's Hadoop cannot run. */
    static SparkSession start(String name) {
        Assumptions.assumeTrue(Runtime.version().feature() < 23, "Spark 4.1 / Hadoop do not run on Java "
                + Runtime.version().feature() + " (Subject.getSubject is unsupported from Java 23); use Java 17 or 21");
        return SparkSession.builder()
                .appName(name)
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.adaptive.enabled", "false")
                .getOrCreate();
    }

    /**
     * The engine's tiny test model (64 dimensions, random weights) with the real model's prompts file, in a
     * directory made once per JVM.
     */
    static synchronized Path tinyModel() {
        if (tinyModel == null) {
            tinyModel = tinyModelWithPrompts();
        }
        return tinyModel;
    }

    private static Path tinyModelWithPrompts() {
        try {
            Path dir = TinyModel.withModelPrompts(Files.createTempDirectory("tiny-nomic-moe-"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (File f : dir.toFile().listFiles()) {
                    f.delete();
                }
                dir.toFile().delete();
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
