package io.github.nomicembed.sample.security;

import io.github.nomicembed.sample.web.ApiException;
import io.github.nomicembed.sample.web.ErrorWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 in OpenAI's error shape, code {@code invalid_api_key}, with {@code WWW-Authenticate: Bearer}: for a
 * request without a key where one is needed, and for a wrong key on any route.
 */
final class OpenAiAuthenticationEntryPoint implements AuthenticationEntryPoint {

    static final String MISSING = "You didn't provide an API key. Send it in the Authorization header: "
            + "'Authorization: Bearer YOUR_KEY' (a key of this server's app.api-key / app.api-keys).";

    private final ErrorWriter errorWriter;

    OpenAiAuthenticationEntryPoint(ErrorWriter errorWriter) {
        this.errorWriter = errorWriter;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String message = failure instanceof BadCredentialsException ? failure.getMessage() : MISSING;
        errorWriter.write(response, new ApiException(HttpStatus.UNAUTHORIZED, message, null, "invalid_api_key"));
    }
}
