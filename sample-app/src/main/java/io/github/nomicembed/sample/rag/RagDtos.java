package io.github.nomicembed.sample.rag;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** Request and response bodies of {@code /documents}, {@code /search} and {@code /ask}. */
public final class RagDtos {

    private RagDtos() {
    }

    /** One document to ingest: its text and optional metadata. */
    public record DocumentInput(String text, Map<String, Object> metadata) {
    }

    /** {@code {"documents":[{"text":...,"metadata":{...}}]}} or a single {@code {"text":...,"metadata":{...}}}. */
    public record IngestRequest(List<DocumentInput> documents, String text, Map<String, Object> metadata) {
    }

    /** The ids of the stored chunks, in request order (a document that fits the model is one chunk). */
    public record IngestResponse(List<String> ids) {
    }

    /** A search hit: the stored document and its similarity to the query (higher is closer). */
    public record Hit(String id, String text, Double score, Map<String, Object> metadata) {
    }

    /** {@code {"question":"...","k":5}}; {@code k} is optional. */
    public record AskRequest(String question, Integer k) {
    }

    /**
     * @param answer the chat model's answer, {@code null} without a chat model
     * @param chatModel whether a {@code ChatModel} bean answered
     * @param message what happened when no chat model is configured
     * @param context the retrieved documents the answer is grounded on
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AskResponse(String question, String answer, boolean chatModel, String message, List<Hit> context) {
    }
}
