package io.github.nomicembed.sample.web;

import org.springframework.http.HttpStatus;

/** A request this app refuses; answered with {@code status} and an {@link OpenAiError} body. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String param;
    private final String code;
    private final Long retryAfterSeconds;

    public ApiException(HttpStatus status, String message, String param, String code) {
        this(status, message, param, code, null);
    }

    /**
     * @param retryAfterSeconds sent as {@code Retry-After} (seconds), or {@code null} for none
     */
    public ApiException(HttpStatus status, String message, String param, String code, Long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds for the {@code Retry-After} header, or {@code null}. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 400 {@code invalid_request_error} about {@code param}. */
    public static ApiException badRequest(String message, String param) {
        return new ApiException(HttpStatus.BAD_REQUEST, message, param, null);
    }

    public HttpStatus status() {
        return status;
    }

    public OpenAiError toError() {
        String type = status.is5xxServerError() ? OpenAiError.SERVER_ERROR
                : status == HttpStatus.TOO_MANY_REQUESTS ? OpenAiError.RATE_LIMIT : OpenAiError.INVALID_REQUEST;
        return OpenAiError.of(getMessage(), type, param, code);
    }
}
