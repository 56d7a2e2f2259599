package io.github.nomicembed.spark.pgvector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Node with the sample app's npm packages (PGlite) and the sample app's jar, for the end-to-end test. Missing
 * tools skip the test locally with the reason and fail it in CI ({@code CI} set, as {@code .ci/run} does).
 */
final class ExternalProcesses {

    /** The sample app's Node project ({@code npm ci} there installs PGlite). */
    static final Path NODE_DIR = Path.of("../sample-app/src/test/node").toAbsolutePath().normalize();

    private ExternalProcesses() {
    }

    /** Spark 4.1 / Hadoop cannot run on Java 23+ (Subject.getSubject): skipped there, with the reason. */
    static void requireSparkJava() {
        Assumptions.assumeTrue(Runtime.version().feature() < 23, "Spark 4.1 / Hadoop do not run on Java "
                + Runtime.version().feature() + " (Subject.getSubject is unsupported from Java 23); use Java 17 or 21");
    }

    static void requirePglite() {
        require(commandWorks("node", "--version"), "node is not on the PATH");
        for (String p : new String[] {"@electric-sql/pglite", "@electric-sql/pglite-pgvector",
                "@electric-sql/pglite-socket"}) {
            require(Files.isDirectory(NODE_DIR.resolve("node_modules").resolve(p)), "npm package " + p
                    + " is not installed; run: npm ci --prefix " + NODE_DIR);
        }
    }

    /**
     * {@code sample-app/target/nomic-embed-sample-app-*.jar}. The full build makes it before this module (the
     * root pom lists sample-app first); no Maven dependency says so, because the sample app is never installed and
     * this module must build on its own after {@code mvn install}.
     */
    static Path requireSampleAppJar() {
        Path target = Path.of("../sample-app/target").toAbsolutePath().normalize();
        Path jar = null;
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                jar = files.filter(p -> p.getFileName().toString().matches("nomic-embed-sample-app-.*\\.jar"))
                        .findFirst().orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        require(jar != null, "the sample app jar is not built in " + target
                + "; run: mvn -pl sample-app,spark -am verify (or mvn -pl sample-app -am package -DskipTests first)");
        return jar;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean commandWorks(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
                Assertions.fail("CI=" + ci + " but " + reason);
            }
            Assumptions.abort(reason);
        }
    }
}
