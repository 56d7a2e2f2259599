package io.github.nomicembed.sample.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Accepts an {@link ApiKeyAuthentication} whose key is one of {@link ApiKeys}; refuses any other key. */
public final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys keys;

    public ApiKeyAuthenticationProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Object key = authentication.getCredentials();
        if (!(key instanceof String candidate) || !keys.matches(candidate)) {
            throw new BadCredentialsException("Incorrect API key provided.");
        }
        return ApiKeyAuthentication.verified();
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
