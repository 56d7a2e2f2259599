package io.github.nomicembed.sample;

import jakarta.servlet.Filter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.util.ContentCachingRequestWrapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Records the bodies clients send to {@code /v1/embeddings}, so tests can see what an OpenAI client asked for. */
@TestConfiguration(proxyBeanMethods = false)
public class RequestRecorder {

    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

    @Bean
    FilterRegistrationBean<Filter> requestRecordingFilter() {
        Filter filter = (request, response, chain) -> {
            ContentCachingRequestWrapper cached = new ContentCachingRequestWrapper(
                    (jakarta.servlet.http.HttpServletRequest) request, 1 << 20);
            chain.doFilter(cached, response);
            byte[] body = cached.getContentAsByteArray();
            if (body.length > 0) {
                try {
                    bodies.add(JsonMapper.shared().readTree(new String(body, StandardCharsets.UTF_8)));
                } catch (RuntimeException notJson) {
                    // malformed bodies are tested elsewhere
                }
            }
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/v1/embeddings");
        registration.setOrder(Integer.MAX_VALUE);
        return registration;
    }

    /** Bodies received so far, oldest first. */
    public List<JsonNode> bodies() {
        return List.copyOf(bodies);
    }

    /** Bodies received after the first {@code from}. */
    public List<JsonNode> since(int from) {
        List<JsonNode> all = bodies();
        return all.subList(Math.min(from, all.size()), all.size());
    }

    public int count() {
        return bodies.size();
    }
}
