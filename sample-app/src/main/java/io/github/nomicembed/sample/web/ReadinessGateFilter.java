package io.github.nomicembed.sample.web;

import io.github.nomicembed.autoconfigure.NomicModelLifecycle;
import io.github.nomicembed.autoconfigure.NomicModelState;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Until the model is ready (loading or warming up in the background, failed, or shutting down), the routes that embed
 * answer 503 with {@code Retry-After} at once instead of queueing behind the model.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 10) // after Spring Security: only for callers with a key
public class ReadinessGateFilter extends EmbeddingRouteFilter {

    private final ObjectProvider<NomicModelLifecycle> lifecycle;

    public ReadinessGateFilter(ObjectProvider<NomicModelLifecycle> lifecycle, ErrorWriter errorWriter) {
        super(errorWriter);
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        NomicModelLifecycle model = lifecycle.getIfAvailable();
        // while shutting down, requests that still arrive are let through: the scheduler finishes or refuses them
        if (model != null && model.state() != NomicModelState.READY && model.state() != NomicModelState.SHUTTING_DOWN) {
            String state = model.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            errorWriter.write(response, OverloadErrors.notReady(model.failure() == null ? state
                    : state + ": " + model.failure()));
            return;
        }
        chain.doFilter(request, response);
    }
}
