package io.github.nomicembed.sample.rag;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.ExternalTools;
import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.ops.AppProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGKILL the app while clients ingest into {@code /documents}: after a restart every acknowledged document is
 * in the store and the store loads. For the file-backed SimpleVectorStore and for PgVectorStore (PGlite).
 */
class IngestCrashIT {

    private static final int ACKS_BEFORE_KILL = 24;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedDocumentSurvivesSigkillOfTheFileBackedStore() throws Exception {
        Path storeDir = dir.resolve("store");
        Set<String> acknowledged;
        try (AppProcess app = AppProcess.start("crash-simple", "--spring.profiles.active=offline-demo",
                "--app.store.dir=" + storeDir)) {
            acknowledged = ingestUntilKilled(app);
        }

        try (AppProcess app = AppProcess.start("crash-simple-restart", "--spring.profiles.active=offline-demo",
                "--app.store.dir=" + storeDir)) {
            Set<String> stored = new HashSet<>();
            Path file;
            try (var files = Files.list(storeDir)) {
                file = files.filter(f -> f.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
            }
            JsonNode saved = JsonMapper.shared().readTree(Files.readString(file));
            saved.propertyNames().forEach(stored::add);

            assertThat(stored).containsAll(acknowledged);
            assertThat(app.http().get("/search?q=document&k=3").status()).isEqualTo(200);
            assertThat(app.logText()).contains("Loaded " + stored.size() + " documents");
        }
    }

    @Test
    void everyAcknowledgedDocumentSurvivesSigkillWithPgVectorStore() throws Exception {
        ExternalTools.requireNodePackages("@electric-sql/pglite", "@electric-sql/pglite-pgvector",
                "@electric-sql/pglite-socket");
        try (PgliteServer db = PgliteServer.start(dir.resolve("pg"))) {
            Set<String> acknowledged;
            try (AppProcess app = AppProcess.start("crash-pg", "--spring.profiles.active=offline-demo,pgvector",
                    "--spring.datasource.url=" + db.jdbcUrl())) {
                acknowledged = ingestUntilKilled(app);
            }
            try (AppProcess app = AppProcess.start("crash-pg-restart",
                    "--spring.profiles.active=offline-demo,pgvector", "--spring.datasource.url=" + db.jdbcUrl())) {
                Set<String> stored = new HashSet<>();
                try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "postgres");
                        ResultSet rs = c.createStatement().executeQuery("SELECT id::text FROM vector_store")) {
                    while (rs.next()) {
                        stored.add(rs.getString(1));
                    }
                }

                assertThat(stored).containsAll(acknowledged);
                assertThat(app.http().get("/search?q=document&k=3").status()).isEqualTo(200);
            }
        }
    }

    /** Four clients ingest batches of three until enough are acknowledged, then SIGKILL mid-stream. */
    private static Set<String> ingestUntilKilled(AppProcess app) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            int client = c;
            clients.submit(() -> {
                Http http = app.http();
                for (int i = 0; !stop.get(); i++) {
                    String prefix = "client " + client + " batch " + i;
                    try {
                        Http.Response r = http.postJson("/documents", Http.json(Map.of("documents", List.of(
                                Map.of("text", prefix + " document one about rivers"),
                                Map.of("text", prefix + " document two about mountains"),
                                Map.of("text", prefix + " document three about deserts")))));
                        if (r.status() == 200) {
                            r.json().get("ids").forEach(id -> acknowledged.add(id.asString()));
                        }
                    } catch (RuntimeException killed) {
                        return; // the connection died with the app: that batch was never acknowledged
                    }
                }
            });
        }
        try {
            Awaitility.await(ACKS_BEFORE_KILL + " acknowledged documents").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(50)).until(() -> acknowledged.size() >= ACKS_BEFORE_KILL);
        } finally {
            app.kill(); // while the clients are still sending
            stop.set(true);
            clients.shutdown();
        }
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        return Set.copyOf(acknowledged);
    }
}
