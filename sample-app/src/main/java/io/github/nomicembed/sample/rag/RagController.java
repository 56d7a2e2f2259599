package io.github.nomicembed.sample.rag;

import io.github.nomicembed.sample.AppProperties;
import io.github.nomicembed.sample.rag.RagDtos.AskRequest;
import io.github.nomicembed.sample.rag.RagDtos.AskResponse;
import io.github.nomicembed.sample.rag.RagDtos.DocumentInput;
import io.github.nomicembed.sample.rag.RagDtos.Hit;
import io.github.nomicembed.sample.rag.RagDtos.IngestRequest;
import io.github.nomicembed.sample.rag.RagDtos.IngestResponse;
import io.github.nomicembed.sample.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The RAG demo's HTTP API: {@code POST /documents} ingests texts, {@code GET /search?q=&k=} returns the
 * closest ones with scores, {@code POST /ask} answers a question from them. Errors use OpenAI's shape.
 */
@RestController
public class RagController {

    private final RagService rag;
    private final AppProperties.Search limits;
    private final int maxTextChars;
    private final int maxItems;

    public RagController(RagService rag, AppProperties properties) {
        this.rag = rag;
        this.limits = properties.search();
        this.maxTextChars = properties.embeddings().maxInputChars();
        this.maxItems = properties.embeddings().maxItems();
    }

    @PostMapping(path = "/documents", consumes = MediaType.APPLICATION_JSON_VALUE)
    public IngestResponse add(@RequestBody IngestRequest request) {
        List<DocumentInput> inputs = inputs(request);
        List<Document> documents = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            documents.add(document(inputs.get(i), i));
        }
        try {
            return new IngestResponse(rag.add(documents));
        } catch (IllegalArgumentException e) {
            // e.g. a document over the token limit with nomic.embedding.truncation=error
            throw ApiException.badRequest(e.getMessage(), "documents");
        }
    }

    @GetMapping("/search")
    public List<Hit> search(@RequestParam String q, @RequestParam(required = false) Integer k) {
        return rag.search(query(q, "q"), k(k));
    }

    @PostMapping(path = "/ask", consumes = MediaType.APPLICATION_JSON_VALUE)
    public AskResponse ask(@RequestBody AskRequest request) {
        return rag.ask(query(request.question(), "question"), k(request.k()));
    }

    private List<DocumentInput> inputs(IngestRequest request) {
        if (request.documents() != null && request.text() != null) {
            throw ApiException.badRequest("Send either 'documents' (an array) or a single 'text', not both.", "text");
        }
        if (request.documents() != null) {
            if (request.documents().isEmpty()) {
                throw ApiException.badRequest("'documents' must not be empty.", "documents");
            }
            if (request.documents().size() > maxItems) {
                throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "'documents' has " + request.documents().size()
                        + " items; this server accepts at most " + maxItems + " per request (app.embeddings.max-items).",
                        "documents", "too_many_inputs");
            }
            return request.documents();
        }
        if (request.text() == null) {
            throw ApiException.badRequest("Send {\"documents\":[{\"text\":\"...\",\"metadata\":{...}}]} or "
                    + "{\"text\":\"...\"}.", "documents");
        }
        return List.of(new DocumentInput(request.text(), request.metadata()));
    }

    private Document document(DocumentInput input, int i) {
        if (input == null || input.text() == null || input.text().isBlank()) {
            throw ApiException.badRequest("documents[" + i + "].text must be a non-blank string.", "documents");
        }
        if (input.text().length() > maxTextChars) {
            throw ApiException.badRequest("documents[" + i + "].text has " + input.text().length() + " characters; "
                    + "this server accepts at most " + maxTextChars + " per text (app.embeddings.max-input-chars). "
                    + "Split it into chunks.", "documents");
        }
        Map<String, Object> metadata = input.metadata() == null ? Map.of() : input.metadata();
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            if (e.getValue() == null) {
                throw ApiException.badRequest("documents[" + i + "].metadata." + e.getKey() + " must not be null.",
                        "documents");
            }
        }
        return Document.builder().text(input.text()).metadata(metadata).build();
    }

    private static String query(String text, String param) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("'" + param + "' must be a non-blank string.", param);
        }
        return text;
    }

    private int k(Integer k) {
        if (k == null) {
            return limits.defaultK();
        }
        if (k < 1 || k > limits.maxK()) {
            throw ApiException.badRequest("'k' must be from 1 to " + limits.maxK() + ", got " + k + ".", "k");
        }
        return k;
    }
}
