package io.github.nomicembed.sample.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that turns an {@link ApiException} into an answer: its status, OpenAI's JSON error body,
 * {@code Retry-After} when the error carries one, and {@code WWW-Authenticate: Bearer} on 401. Controllers
 * ({@link ApiExceptionHandler}, {@link ApiErrorController}) return {@link #entity}; filters and Spring Security,
 * which run outside MVC, {@link #write} the same entity to the servlet response.
 */
@Component
public class ErrorWriter {

    private final JsonMapper jsonMapper;

    public ErrorWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /** Returns the answer to {@code error}. */
    public static ResponseEntity<OpenAiError> entity(ApiException error) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(error.status())
                .contentType(MediaType.APPLICATION_JSON);
        if (error.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
        }
        if (error.status() == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.body(error.toError());
    }

    /** Writes the answer to {@code error} to a response nothing has been written to yet. */
    public void write(HttpServletResponse response, ApiException error) throws IOException {
        ResponseEntity<OpenAiError> entity = entity(error);
        response.setStatus(entity.getStatusCode().value());
        entity.getHeaders().forEach((name, values) -> values.forEach(value -> response.setHeader(name, value)));
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(jsonMapper.writeValueAsBytes(entity.getBody()));
    }
}
