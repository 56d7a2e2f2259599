package io.github.nomicembed.sample.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.AppProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** {@link ApiKeyFilter}: off without a key; with one, only {@code /v1/**} needs {@code Authorization: Bearer}. */
class ApiKeyFilterTest {

    @Test
    void withoutAConfiguredKeyEveryRequestPasses() throws Exception {
        assertThat(run(filter(null), "/v1/embeddings", null)).isEqualTo(200);
        assertThat(run(filter(""), "/v1/embeddings", null)).isEqualTo(200);
    }

    @Test
    void withAKeyTheApiNeedsTheBearerToken() throws Exception {
        ApiKeyFilter filter = filter("s3cret");

        assertThat(run(filter, "/v1/embeddings", null)).isEqualTo(401);
        assertThat(run(filter, "/v1/embeddings", "Bearer other")).isEqualTo(401);
        assertThat(run(filter, "/v1/embeddings", "Basic s3cret")).isEqualTo(401);
        assertThat(run(filter, "/v1/embeddings", "Bearer s3cret")).isEqualTo(200);
        assertThat(run(filter, "/v1/embeddings", "bearer s3cret")).isEqualTo(200);
    }

    @Test
    void otherSpellingsOfTheApiPathNeedTheKeyToo() throws Exception {
        ApiKeyFilter filter = filter("s3cret");

        assertThat(run(filter, "/v1;x=1/embeddings", null)).isEqualTo(401);
        assertThat(run(filter, "/%761/embeddings", null)).isEqualTo(401);
        assertThat(run(filter, "/v1", null)).isEqualTo(401);
    }

    @Test
    void withAKeyOtherRoutesStayOpen() throws Exception {
        ApiKeyFilter filter = filter("s3cret");

        assertThat(run(filter, "/search", null)).isEqualTo(200);
        assertThat(run(filter, "/", null)).isEqualTo(200);
        assertThat(run(filter, "/actuator/health", null)).isEqualTo(200);
    }

    private static int run(ApiKeyFilter filter, String path, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setRequestURI(path); // kept raw, as the servlet container passes it
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        if (response.getStatus() == 401) {
            assertThat(response.getContentAsString()).contains("\"invalid_api_key\"");
            assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(chain.getRequest()).as("not passed on").isNull();
        }
        return response.getStatus();
    }

    private static ApiKeyFilter filter(String key) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        if (key != null) {
            source.put("app.api-key", key);
        }
        AppProperties properties = new Binder(source).bindOrCreate("app", AppProperties.class);
        return new ApiKeyFilter(properties, new ErrorWriter(JsonMapper.shared()));
    }
}
