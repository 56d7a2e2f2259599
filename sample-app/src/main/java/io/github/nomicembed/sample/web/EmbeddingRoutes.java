package io.github.nomicembed.sample.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UrlPathHelper;

/** The routes that run the model: {@code /v1/**}, {@code /documents}, {@code /search}, {@code /ask}. */
final class EmbeddingRoutes {

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private EmbeddingRoutes() {
    }

    static boolean matches(HttpServletRequest request) {
        String path = PATHS.getPathWithinApplication(request);
        return path.equals("/v1") || path.startsWith("/v1/") || path.equals("/documents") || path.equals("/search")
                || path.equals("/ask");
    }
}
