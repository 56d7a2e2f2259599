package io.github.nomicembed.sample.ops;

import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.SampleApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The sample app in its own JVM (the test class path, a fixed heap), on a free loopback port: for runs that
 * measure its memory, stop it with SIGTERM (graceful shutdown) or kill it with SIGKILL.
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the app with these {@code --key=value} arguments and waits (bounded) until it is ready. */
    public static AppProcess start(String name, String... args) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"));
        for (String p : List.of("ai.djl.offline", "DJL_CACHE_DIR", "ai.djl.default_engine")) {
            if (System.getProperty(p) != null) {
                command.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        command.add("-cp");
        command.add(classPath());
        command.add(SampleApplication.class.getName());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.addAll(List.of(args));
        Path log = Files.createDirectories(Path.of("target/app-processes")).resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // as recommended for production (docs/operations.md): bounds glibc's per-thread malloc arenas, which
        // libtorch's worker threads otherwise grow one by one
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        Process process = builder.start();
        AppProcess app = new AppProcess(process, port, log);
        app.awaitReady(Duration.ofSeconds(180));
        return app;
    }

    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private void awaitReady(Duration timeout) throws IOException {
        try {
            Awaitility.await("the app's readiness").atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .failFast(() -> !process.isAlive())
                    .ignoreException(UncheckedIOException.class) // not listening yet
                    .until(() -> http().get("/actuator/health/readiness").status() == 200);
        } catch (TerminalFailureException exited) {
            throw new IllegalStateException("the app exited with " + process.exitValue() + ":\n" + tail());
        } catch (ConditionTimeoutException notReady) {
            process.destroyForcibly();
            throw new IllegalStateException("the app was not ready within " + timeout + ":\n" + tail());
        }
    }

    public Http http() {
        return new Http("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    /** Resident set size of the app's JVM in kB. */
    public long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** SIGKILL: no shutdown hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: Spring's graceful shutdown; returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the app did not stop within " + timeout + ":\n" + tail());
        }
        return process.exitValue();
    }

    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
