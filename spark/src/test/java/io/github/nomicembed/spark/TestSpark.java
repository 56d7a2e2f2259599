package io.github.nomicembed.spark;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;

/** A loopback-only {@code local[2]} SparkSession (one per test class) and the tiny random-weight test model. */
final class TestSpark {

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

    /** {@code tiny-nomic-moe}: the engine's test fixture (64 dimensions, random weights). */
    static Path tinyModel() {
        try {
            return Path.of(TestSpark.class.getResource("/tiny-nomic-moe/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
