package io.github.nomicembed.sample.web;

import io.github.nomicembed.sample.AppProperties;
import io.github.nomicembed.sample.model.ModelInfo;
import io.github.nomicembed.sample.rag.RagService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/info}: what the search page shows (model, dimensions, vector store, the offline demo
 * warning). {@code /actuator/info} gets the app's own part, {@code rag}; the model's facts are the starter's
 * {@code nomic} entry there.
 */
@RestController
public class InfoController implements InfoContributor {

    private final ModelInfo modelInfo;
    private final VectorStore vectorStore;
    private final RagService rag;
    private final boolean apiKeyRequired;

    public InfoController(ModelInfo modelInfo, VectorStore vectorStore, RagService rag, AppProperties properties) {
        this.modelInfo = modelInfo;
        this.vectorStore = vectorStore;
        this.rag = rag;
        this.apiKeyRequired = properties.apiKeyRequired();
    }

    @GetMapping("/api/info")
    public Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", modelInfo.describe());
        m.put("rag", rag());
        m.put("openai", Map.of("path", "/v1/embeddings", "apiKeyRequired", apiKeyRequired));
        return m;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("rag", rag());
    }

    private Map<String, Object> rag() {
        return Map.of("vectorStore", vectorStore.getName(), "chatModel", rag.hasChatModel());
    }
}
