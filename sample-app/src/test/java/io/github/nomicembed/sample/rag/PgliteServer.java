package io.github.nomicembed.sample.rag;

import io.github.nomicembed.sample.ExternalTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PostgreSQL 18 with pgvector as PGlite ({@code src/test/node/pglite-server.mjs}) on a free loopback port,
 * with its data directory on disk. Stopping it (SIGTERM) closes the database cleanly.
 */
final class PgliteServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private PgliteServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server on a free port over {@code dataDir} and waits until it accepts connections. */
    static PgliteServer start(Path dataDir) {
        int port = freePort();
        try {
            Process process = new ProcessBuilder("node", "pglite-server.mjs", "--port", String.valueOf(port),
                    "--data-dir", dataDir.toString()).directory(ExternalTools.NODE_DIR.toFile())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                StringBuilder seen = new StringBuilder();
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        seen.append(line).append('\n');
                        if (line.startsWith("PGLITE READY")) {
                            drain(out);
                            return line;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                throw new IllegalStateException("pglite-server.mjs exited before it was ready:\n" + seen);
            });
            ready.get(90, TimeUnit.SECONDS);
            return new PgliteServer(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("PGlite did not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** JDBC URL of the {@code postgres} database; {@code prepareThreshold=0} as PGlite needs. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?prepareThreshold=0";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the script stops the server and closes the database
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Keeps reading the server's output so it never blocks on a full pipe. */
    private static void drain(BufferedReader out) {
        Thread t = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "pglite-output");
        t.setDaemon(true);
        t.start();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
