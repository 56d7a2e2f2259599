package io.github.nomicembed.spark.pgvector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** PostgreSQL with pgvector as PGlite (the sample app's {@code pglite-server.mjs}) on a free loopback port. */
final class Pglite implements AutoCloseable {

    private final Process process;
    private final int port;

    private Pglite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Pglite start(Path dataDir) throws Exception {
        int port = ExternalProcesses.freePort();
        Process p = new ProcessBuilder("node", "pglite-server.mjs", "--port", String.valueOf(port), "--data-dir",
                dataDir.toString()).directory(ExternalProcesses.NODE_DIR.toFile()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        try {
            CompletableFuture.runAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        seen.append(line).append('\n');
                        if (line.startsWith("PGLITE READY")) {
                            return;
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                throw new IllegalStateException("pglite-server.mjs exited:\n" + seen);
            }).get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            ExternalProcesses.stop(p);
            throw new IllegalStateException("PGlite did not start: " + seen, e);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException ignored) {
                // stopped
            }
        }, "pglite-output");
        drain.setDaemon(true);
        drain.start();
        return new Pglite(p, port);
    }

    /** {@code prepareThreshold=0}: PGlite is one shared backend. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?prepareThreshold=0";
    }

    @Override
    public void close() throws InterruptedException {
        ExternalProcesses.stop(process);
    }
}
