package io.github.nomicembed.sample.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.Http;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while requests are queued in the model: the web server stops taking connections, requests in
 * flight are answered (200 with all their vectors, or 503 with Retry-After once the scheduler's grace is
 * over), then the model is closed and the JVM exits.
 */
class GracefulShutdownIT {

    @TempDir
    Path storeDir;

    @Test
    void requestsInFlightAtSigtermAreAnsweredThenTheAppExits() throws Exception {
        AppProcess app = AppProcess.start("graceful", "--spring.profiles.active=offline-demo",
                "--app.store.dir=" + storeDir);
        try (app) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<String> texts = Collections.nCopies(200, "search_document: a text that keeps the model busy a while");
            String body = Http.json(Map.of("input", texts));
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                inFlight.add(client.sendAsync(HttpRequest.newBuilder(app.http().uri("/v1/embeddings"))
                        .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            awaitQueued(app);

            int exit = app.terminate(Duration.ofSeconds(90));

            int answered = 0;
            for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                try {
                    HttpResponse<String> r = f.join();
                    assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
                    if (r.statusCode() == 200) {
                        assertThat(r.body()).contains("\"index\":" + (texts.size() - 1));
                    } else {
                        assertThat(r.headers().firstValue("Retry-After")).isPresent();
                    }
                    answered++;
                } catch (CompletionException e) {
                    // only a request that never got a connection before the server stopped accepting may fail
                    assertThat(e.getCause()).isInstanceOf(ConnectException.class);
                }
            }
            assertThat(answered).as("requests in flight at SIGTERM that were answered").isPositive();
            assertThat(app.logText()).contains("Commencing graceful shutdown", "Graceful shutdown complete");
            assertThat(exit).isIn(0, 143);
        }
    }

    /** Waits (bounded) until the model's queue holds texts, so the requests are in flight. */
    private static void awaitQueued(AppProcess app) {
        Awaitility.await("the requests reaching the model's queue").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    Http.Response health = app.http().get("/actuator/health");
                    return health.json() != null
                            && health.json().at("/components/nomic/details/queue/texts").asInt() > 0;
                });
    }

}
