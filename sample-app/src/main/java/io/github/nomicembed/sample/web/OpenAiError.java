package io.github.nomicembed.sample.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenAI's error body, used by every route of this app:
 * {@code {"error":{"message":"...","type":"invalid_request_error","param":"input","code":null}}}.
 *
 * @param error the error
 */
public record OpenAiError(Detail error) {

    /** For 4xx answers caused by the request. */
    public static final String INVALID_REQUEST = "invalid_request_error";

    /** For 429 answers: OpenAI's API sends type "requests" (with code "rate_limit_exceeded") for them. */
    public static final String RATE_LIMIT = "requests";

    /** For 5xx answers. */
    public static final String SERVER_ERROR = "server_error";

    public static OpenAiError of(String message, String type, String param, String code) {
        return new OpenAiError(new Detail(message, type, param, code));
    }

    /**
     * @param message what went wrong and what to change
     * @param type {@value #INVALID_REQUEST}, {@value #RATE_LIMIT} or {@value #SERVER_ERROR}
     * @param param the request field at fault, or {@code null}
     * @param code a machine-readable code, or {@code null}
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(String message, String type, String param, String code) {
    }
}
