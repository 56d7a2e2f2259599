package io.github.nomicembed.sample.rag;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.AppRunner;
import io.github.nomicembed.sample.ExternalTools;
import io.github.nomicembed.sample.Http;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.pgvector.PgVectorStore;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Profile {@code pgvector}: Spring AI's {@link PgVectorStore} on a real PostgreSQL with pgvector (PGlite, with
 * its data directory on disk). Ingest and search, then restart the app and the database: nothing is lost.
 * Needs node and {@code npm ci} in {@code src/test/node}.
 */
class PgVectorProfileIT {

    @TempDir
    Path pgData;

    @Test
    void documentsSurviveARestartOfTheAppAndOfTheDatabase() throws Exception {
        ExternalTools.requireNodePackages("@electric-sql/pglite", "@electric-sql/pglite-pgvector",
                "@electric-sql/pglite-socket");
        String text = "Lake Baikal holds about a fifth of the world's fresh surface water.";
        String id;
        JsonNode before;
        try (PgliteServer db = PgliteServer.start(pgData); ConfigurableApplicationContext app = start(db)) {
            assertThat(app.getBean(VectorStore.class)).isInstanceOf(PgVectorStore.class);
            int dims = app.getBean(EmbeddingModel.class).dimensions();
            assertThat(columnDimensions(app)).as("vector column sized by EmbeddingModel.dimensions()").isEqualTo(dims);
            Http http = AppRunner.http(app);
            assertThat(http.get("/api/info").json().at("/rag/vectorStore").asString()).isEqualTo("PgVectorStore");
            Http.Response added = http.postJson("/documents", Http.json(Map.of("documents", List.of(
                    Map.of("text", text, "metadata", Map.of("source", "atlas")),
                    Map.of("text", "Sourdough needs a live starter culture."),
                    Map.of("text", "Jupiter is the largest planet of the solar system.")))));
            assertThat(added.status()).as(added.body()).isEqualTo(200);
            id = added.json().get("ids").get(0).asString();
            before = http.get("/search?q=" + RagApiIT.encode(text) + "&k=3").json();
            assertThat(before.size()).isEqualTo(3);
            assertThat(before.get(0).get("id").asString()).isEqualTo(id);
            assertThat(before.get(0).at("/metadata/source").asString()).isEqualTo("atlas");
        }

        try (PgliteServer db = PgliteServer.start(pgData); ConfigurableApplicationContext app = start(db)) {
            JsonNode after = AppRunner.http(app).get("/search?q=" + RagApiIT.encode(text) + "&k=3").json();

            assertThat(after.get(0).get("id").asString()).isEqualTo(id);
            assertThat(after.get(0).get("text").asString()).isEqualTo(text);
            assertThat(after).extracting(h -> h.get("id").asString())
                    .containsExactlyElementsOf(before.valueStream().map(h -> h.get("id").asString()).toList());
            for (int i = 0; i < after.size(); i++) {
                assertThat(after.get(i).get("score").asDouble())
                        .isCloseTo(before.get(i).get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    private static ConfigurableApplicationContext start(PgliteServer db) {
        return AppRunner.start("offline-demo,pgvector", "spring.datasource.url=" + db.jdbcUrl());
    }

    /** The declared dimension of the {@code vector_store.embedding} column. */
    private static int columnDimensions(ConfigurableApplicationContext app) {
        return app.getBean(JdbcTemplate.class).queryForObject("SELECT atttypmod FROM pg_attribute "
                + "WHERE attrelid = 'public.vector_store'::regclass AND attname = 'embedding'", Integer.class);
    }
}
