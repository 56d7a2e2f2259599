package io.github.nomicembed.sample.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Without any configured key the server is open (logged once as a WARN at startup): every request counts as an
 * authorized client, so everything, health details included, is answered as it was before keys existed.
 */
final class OpenAccessFilter extends OncePerRequestFilter {

    private final SecurityContextHolderStrategy contexts;

    OpenAccessFilter(SecurityContextHolderStrategy contexts) {
        this.contexts = contexts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("open-access", null,
                List.of(new SimpleGrantedAuthority(ApiKeyAuthentication.API_CLIENT))));
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }
}
