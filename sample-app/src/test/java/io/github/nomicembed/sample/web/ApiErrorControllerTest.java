package io.github.nomicembed.sample.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** Errors that reach the servlet container's error page (not a controller) still get OpenAI's JSON shape. */
class ApiErrorControllerTest {

    private final ApiErrorController controller = new ApiErrorController();

    @Test
    void aContainerLevel404IsTheOpenAiNotFoundError() {
        ResponseEntity<OpenAiError> r = controller.error(errorRequest(404, "/v1/nothing"));

        assertThat(r.getStatusCode().value()).isEqualTo(404);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(r.getBody().error().code()).isEqualTo("unknown_url");
        assertThat(r.getBody().error().message()).contains("/v1/nothing");
        assertThat(r.getBody().error().type()).isEqualTo(OpenAiError.INVALID_REQUEST);
    }

    @Test
    void aServerErrorIsServerErrorWithoutDetails() {
        ResponseEntity<OpenAiError> r = controller.error(errorRequest(503, "/v1/embeddings"));

        assertThat(r.getStatusCode().value()).isEqualTo(503);
        assertThat(r.getBody().error().type()).isEqualTo(OpenAiError.SERVER_ERROR);
    }

    @Test
    void anyOtherClientErrorKeepsItsStatus() {
        ResponseEntity<OpenAiError> r = controller.error(errorRequest(400, "/search"));

        assertThat(r.getStatusCode().value()).isEqualTo(400);
        assertThat(r.getBody().error().type()).isEqualTo(OpenAiError.INVALID_REQUEST);
    }

    @Test
    void anApiExceptionThrownOutsideMvcKeepsItsAnswerAndItsRetryAfter() {
        MockHttpServletRequest request = errorRequest(500, "/v1/embeddings");
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION,
                new IllegalStateException("wrapped", OverloadErrors.notReady("loading")));

        ResponseEntity<OpenAiError> r = controller.error(request);

        assertThat(r.getStatusCode().value()).isEqualTo(503);
        assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo(String.valueOf(OverloadErrors.NOT_READY_RETRY_SECONDS));
        assertThat(r.getBody().error().code()).isEqualTo("model_unavailable");
    }

    @Test
    void everyOther429And503GetsARetryAfter() {
        for (int status : new int[] {429, 503}) {
            ResponseEntity<OpenAiError> r = controller.error(errorRequest(status, "/v1/embeddings"));

            assertThat(r.getStatusCode().value()).isEqualTo(status);
            assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo(String.valueOf(OverloadErrors.BUSY_RETRY_SECONDS));
        }
    }

    @Test
    void a401AsksForABearerKey() {
        ResponseEntity<OpenAiError> r = controller.error(errorRequest(401, "/v1/embeddings"));

        assertThat(r.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void withoutAStatusItIs500() {
        ResponseEntity<OpenAiError> r = controller.error(new MockHttpServletRequest("GET", "/error"));

        assertThat(r.getStatusCode().value()).isEqualTo(500);
    }

    private static MockHttpServletRequest errorRequest(int status, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, uri);
        return request;
    }
}
