package io.github.nomicembed.sample.web;

import io.github.nomicembed.sample.AppProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * When {@code app.api-key} is set, requests to the OpenAI-compatible API ({@code /v1/**}) and to
 * {@code /tokenize} must carry
 * {@code Authorization: Bearer <api-key>}, as OpenAI clients send it; others get 401 in OpenAI's error shape.
 * The search page and the RAG routes stay open.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    /** Decodes %-escapes and drops ;parameters, as request mapping does, so no spelling of /v1 slips past. */
    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final byte[] apiKey;
    private final ErrorWriter errorWriter;

    public ApiKeyFilter(AppProperties properties, ErrorWriter errorWriter) {
        this.apiKey = properties.apiKeyRequired() ? properties.apiKey().getBytes(StandardCharsets.UTF_8) : null;
        this.errorWriter = errorWriter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (apiKey == null) {
            return true;
        }
        String path = PATHS.getPathWithinApplication(request);
        return !(path.equals("/v1") || path.startsWith("/v1/") || path.equals("/tokenize"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            reject(response, "You didn't provide an API key. Send it in the Authorization header: "
                    + "'Authorization: Bearer YOUR_KEY' (the key is this server's app.api-key).");
            return;
        }
        byte[] given = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, apiKey)) {
            reject(response, "Incorrect API key provided.");
            return;
        }
        chain.doFilter(request, response);
    }

    private void reject(HttpServletResponse response, String message) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        errorWriter.write(response, new ApiException(HttpStatus.UNAUTHORIZED, message, null, "invalid_api_key"));
    }
}
