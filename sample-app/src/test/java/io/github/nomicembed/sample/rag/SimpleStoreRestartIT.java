package io.github.nomicembed.sample.rag;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.AppRunner;
import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.model.ModelInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The default profile's {@code SimpleVectorStore} survives a restart of the app (it is saved under
 * {@code app.store.dir}); the offline demo profile warns loudly in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class SimpleStoreRestartIT {

    @TempDir
    Path storeDir;

    @Test
    void documentsAddedBeforeARestartAreFoundAfterIt(CapturedOutput output) {
        String text = "The Nile flows north into the Mediterranean Sea.";
        JsonNode before;
        String id;
        try (ConfigurableApplicationContext app = start()) {
            Http http = AppRunner.http(app);
            id = http.postJson("/documents", Http.json(Map.of("documents", List.of(Map.of("text", text),
                    Map.of("text", "Rye bread is dense and dark."))))).json().get("ids").get(0).asString();
            before = http.get("/search?q=" + RagApiIT.encode(text) + "&k=2").json();
        }

        try (ConfigurableApplicationContext app = start()) {
            JsonNode after = AppRunner.http(app).get("/search?q=" + RagApiIT.encode(text) + "&k=2").json();

            assertThat(after.get(0).get("id").asString()).isEqualTo(id);
            assertThat(after).isEqualTo(before);
        }
        assertThat(output.getOut()).contains(ModelInfo.OFFLINE_DEMO_WARNING);
    }

    private ConfigurableApplicationContext start() {
        return AppRunner.start("offline-demo", "app.store.dir=" + storeDir);
    }
}
