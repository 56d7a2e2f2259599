package io.github.nomicembed.sample.web;

import io.github.nomicembed.core.schedule.EmbeddingOutOfMemoryException;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Answers every failed request of every route in OpenAI's error shape ({@link OpenAiError}). */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ObjectProvider<CircuitBreakerRegistry> circuitBreakers;

    public ApiExceptionHandler(ObjectProvider<CircuitBreakerRegistry> circuitBreakers) {
        this.circuitBreakers = circuitBreakers;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<OpenAiError> api(ApiException e) {
        return respond(e);
    }

    /** The bulkhead 'nomic' is full: 429. */
    @ExceptionHandler(BulkheadFullException.class)
    ResponseEntity<OpenAiError> busy(BulkheadFullException e) {
        return respond(OverloadErrors.busy());
    }

    /** The model's request scheduler refused the request (queue full, timed out, shutting down): 503. */
    @ExceptionHandler(EmbeddingRejectedException.class)
    ResponseEntity<OpenAiError> rejected(EmbeddingRejectedException e) {
        return respond(OverloadErrors.rejected(e));
    }

    @ExceptionHandler(EmbeddingOutOfMemoryException.class)
    ResponseEntity<OpenAiError> outOfMemory(EmbeddingOutOfMemoryException e) {
        log.warn("Out of device memory on a single text: {}", e.getMessage());
        return respond(OverloadErrors.outOfMemory(e));
    }

    /** The circuit breaker 'nomic' is open: 503 until it lets trial calls through. */
    @ExceptionHandler(CallNotPermittedException.class)
    ResponseEntity<OpenAiError> circuitOpen(CallNotPermittedException e) {
        long waitMillis = 30_000;
        CircuitBreakerRegistry registry = circuitBreakers.getIfAvailable();
        if (registry != null) {
            waitMillis = registry.find(e.getCausingCircuitBreakerName())
                    .map(cb -> cb.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
                    .orElse(waitMillis);
        }
        return respond(OverloadErrors.circuitOpen(Math.max(1, (waitMillis + 999) / 1000)));
    }

    /** Malformed JSON, a missing body, or a chunked body over the size limit. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<OpenAiError> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeFilter.BodyTooLargeException tooLarge) {
                return respond(RequestSizeFilter.tooLarge(tooLarge.maxBytes));
            }
        }
        return respond(ApiException.badRequest("We could not parse the JSON body of your request. Send a JSON "
                + "object with 'Content-Type: application/json'.", null));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<OpenAiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(ApiException.badRequest("Invalid value '" + e.getValue() + "' for parameter '" + e.getName()
                + "'.", e.getName()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<OpenAiError> missingParameter(MissingServletRequestParameterException e) {
        return respond(ApiException.badRequest("Missing required parameter '" + e.getParameterName() + "'.",
                e.getParameterName()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<OpenAiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return respond(new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type '"
                + e.getContentType() + "'; send 'Content-Type: application/json'.", null, null));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<OpenAiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(new ApiException(HttpStatus.NOT_ACCEPTABLE, "This route only answers application/json.",
                null, null));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<OpenAiError> methodNotAllowed(HttpRequestMethodNotSupportedException e,
            HttpServletRequest request) {
        return respond(new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not allowed on "
                + request.getRequestURI() + "; allowed: " + e.getSupportedHttpMethods() + ".", null, null));
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<OpenAiError> notFound(Exception e, HttpServletRequest request) {
        return respond(notFound(request.getMethod(), request.getRequestURI()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<OpenAiError> unexpected(Exception e, HttpServletRequest request) {
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return respond(new ApiException(HttpStatus.INTERNAL_SERVER_ERROR,
                "The server had an error while processing your request.", null, null));
    }

    static ApiException notFound(String method, String path) {
        return new ApiException(HttpStatus.NOT_FOUND, "Invalid URL (" + method + " " + path + ")", null,
                "unknown_url");
    }

    private static ResponseEntity<OpenAiError> respond(ApiException e) {
        return ErrorWriter.entity(e);
    }
}
