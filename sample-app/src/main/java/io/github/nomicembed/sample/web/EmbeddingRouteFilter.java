package io.github.nomicembed.sample.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/** A filter that applies only to the routes that embed ({@link EmbeddingRoutes}) and answers through the one error writer. */
abstract class EmbeddingRouteFilter extends OncePerRequestFilter {

    /** Writes this filter's refusals, in OpenAI's error shape. */
    protected final ErrorWriter errorWriter;

    EmbeddingRouteFilter(ErrorWriter errorWriter) {
        this.errorWriter = errorWriter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !EmbeddingRoutes.matches(request);
    }
}
