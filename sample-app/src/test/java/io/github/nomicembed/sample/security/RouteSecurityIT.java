package io.github.nomicembed.sample.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.SharedAppIT;
import io.github.nomicembed.sample.security.MappedRoutes.Route;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.context.ApplicationContext;

/**
 * The security policy, walked over every mapped route of the running app (controllers, actuator endpoints,
 * health groups, static files; see {@link MappedRoutes}) × no key / a wrong key / the right key. With a key set
 * and the page not public, only the Kubernetes probes answer without the key; a wrong key is refused everywhere;
 * the right key is refused nowhere.
 */
class RouteSecurityIT extends SharedAppIT {

    @Autowired
    ApplicationContext context;

    @Autowired
    WebEndpointProperties actuator;

    @Test
    void everyRouteButTheProbesNeedsTheKey() {
        List<Route> routes = MappedRoutes.of(context, actuator.getBasePath());
        assertThat(routes).extracting(r -> r.method() + " " + r.path()).contains("POST /v1/embeddings",
                "POST /documents", "GET /search", "POST /ask", "GET /api/info", "GET /", "GET /app.js",
                "GET /actuator/health", "GET /actuator/health/liveness", "GET /actuator/health/readiness",
                "GET /actuator/info", "GET /actuator/metrics", "GET /actuator/prometheus", "GET /error");
        Set<String> open = Set.of(actuator.getBasePath() + "/health/liveness",
                actuator.getBasePath() + "/health/readiness");
        List<String> walked = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();
        for (Route route : routes) {
            boolean isOpen = route.method().equals("GET") && open.contains(route.path());
            Http.Response anonymous = send(http().withoutKey(), route, null);
            Http.Response wrong = send(http().withoutKey(), route, "Bearer wrong-" + API_KEY);
            Http.Response right = send(http(), route, null);
            if (isOpen) {
                softly.assertThat(anonymous.status()).as("%s without a key", route).isEqualTo(200);
            } else {
                assertRefused(softly, anonymous, route + " without a key", "You didn't provide an API key");
            }
            assertRefused(softly, wrong, route + " with a wrong key", "Incorrect API key provided.");
            softly.assertThat(right.status()).as("%s with the key: %s", route, right.body()).isNotIn(401, 403);
            walked.add(route.method() + " " + route.path() + " -> " + anonymous.status() + "/" + wrong.status() + "/"
                    + right.status());
        }
        System.out.println("RouteSecurityIT walked " + routes.size() + " routes (no key/wrong key/key):\n  "
                + String.join("\n  ", walked));
        softly.assertAll();
    }

    private static void assertRefused(SoftAssertions softly, Http.Response r, String what, String message) {
        softly.assertThat(r.status()).as("%s: %s", what, r.body()).isEqualTo(401);
        softly.assertThat(r.header("WWW-Authenticate")).as(what).isEqualTo("Bearer");
        softly.assertThat(r.contentType()).as(what).startsWith("application/json");
        softly.assertThat(r.error("code")).as(what).isEqualTo("invalid_api_key");
        softly.assertThat(r.error("type")).as(what).isEqualTo("invalid_request_error");
        softly.assertThat(r.error("message")).as(what).startsWith(message);
    }

    /** The route with an empty JSON object as body where there is one: nothing valid, so nothing is written. */
    private static Http.Response send(Http http, Route route, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(route.path()));
        if (route.method().equals("GET")) {
            request.GET();
        } else {
            request.method(route.method(), HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build());
    }
}
