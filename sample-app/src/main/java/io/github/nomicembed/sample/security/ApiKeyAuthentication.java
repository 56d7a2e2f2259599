package io.github.nomicembed.sample.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A bearer API key: unauthenticated as read from the request ({@link #presented}), authenticated once
 * {@link ApiKeyAuthenticationProvider} found it among the configured keys. The key itself is never the
 * principal, so it does not end up in logs or the actuator.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    /** The authority of every request with a valid key. */
    public static final String API_CLIENT = "ROLE_API_CLIENT";

    private transient String key;

    private ApiKeyAuthentication(String key, boolean authenticated) {
        super(authenticated ? List.of(new SimpleGrantedAuthority(API_CLIENT)) : List.of());
        this.key = key;
        super.setAuthenticated(authenticated);
    }

    /** A key as presented by a client, not checked yet. */
    public static ApiKeyAuthentication presented(String key) {
        return new ApiKeyAuthentication(key, false);
    }

    /** A checked key. */
    static ApiKeyAuthentication verified() {
        return new ApiKeyAuthentication(null, true);
    }

    @Override
    public Object getCredentials() {
        return key;
    }

    @Override
    public Object getPrincipal() {
        return "api-client";
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated) {
            throw new IllegalArgumentException("Only ApiKeyAuthenticationProvider authenticates an API key");
        }
        super.setAuthenticated(false);
    }

    @Override
    public void eraseCredentials() {
        super.eraseCredentials();
        key = null;
    }
}
