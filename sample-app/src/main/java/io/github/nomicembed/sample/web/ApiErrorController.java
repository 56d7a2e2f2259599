package io.github.nomicembed.sample.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error page: errors that never reach a controller (rejected by the servlet container,
 * thrown in a filter) are answered in OpenAI's error shape as well, never as an HTML page. An
 * {@link ApiException} thrown outside MVC keeps its own answer (its {@code Retry-After} included); any other
 * 429 or 503 gets a {@code Retry-After} too.
 */
@RestController
public class ApiErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<OpenAiError> error(HttpServletRequest request) {
        for (Throwable t = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION); t != null;
                t = t.getCause()) {
            if (t instanceof ApiException api) {
                return ErrorWriter.entity(api);
            }
        }
        HttpStatus status = status(request);
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        ApiException error;
        if (status == HttpStatus.NOT_FOUND) {
            error = ApiExceptionHandler.notFound(request.getMethod(), path);
        } else if (status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.SERVICE_UNAVAILABLE) {
            error = new ApiException(status, "The server cannot take this request now (" + status.getReasonPhrase()
                    + "). Retry after " + OverloadErrors.BUSY_RETRY_SECONDS + " s.", null, null,
                    OverloadErrors.BUSY_RETRY_SECONDS);
        } else if (status.is5xxServerError()) {
            error = new ApiException(status, "The server had an error while processing your request.", null, null);
        } else {
            error = new ApiException(status, "The request to " + path + " failed: " + status.getReasonPhrase() + ".",
                    null, null);
        }
        return ErrorWriter.entity(error);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code instanceof Integer value) {
            HttpStatus status = HttpStatus.resolve(value);
            if (status != null && status.isError()) {
                return status;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
