package io.github.nomicembed.sample.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <key>}, as OpenAI clients send it (scheme case-insensitive, surrounding
 * blanks dropped). No header, or another scheme, is no key at all: the request goes on unauthenticated and is
 * refused where a key is needed.
 */
final class BearerKeyConverter implements AuthenticationConverter {

    private static final String BEARER = "Bearer ";

    @Override
    public Authentication convert(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return ApiKeyAuthentication.presented(header.substring(BEARER.length()).strip());
    }
}
