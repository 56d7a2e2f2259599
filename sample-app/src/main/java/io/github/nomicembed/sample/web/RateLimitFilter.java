package io.github.nomicembed.sample.web;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * With {@code app.rate-limit.enabled=true}: the Resilience4j rate limiter {@code nomic}
 * ({@code resilience4j.ratelimiter.instances.nomic.*}) guards the routes that embed; a request over the limit
 * gets 429 with {@code Retry-After} in OpenAI's error shape, before its body is read.
 */
@Component
@ConditionalOnProperty(name = "app.rate-limit.enabled", havingValue = "true")
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 20) // after Spring Security: only for callers with a key
public class RateLimitFilter extends EmbeddingRouteFilter {

    private final RateLimiter rateLimiter;

    public RateLimitFilter(RateLimiterRegistry registry, ErrorWriter errorWriter) {
        super(errorWriter);
        this.rateLimiter = registry.rateLimiter("nomic");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!rateLimiter.acquirePermission()) {
            long refreshNanos = rateLimiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
            long retry = Math.max(1, (refreshNanos + 999_999_999L) / 1_000_000_000L);
            errorWriter.write(response, OverloadErrors.rateLimited(retry));
            return;
        }
        chain.doFilter(request, response);
    }
}
