package io.github.nomicembed.sample.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nomicembed.sample.AppRunner;
import io.github.nomicembed.sample.Http;
import io.github.nomicembed.sample.security.MappedRoutes.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The other two security modes, each in an app of its own: several keys (rotation) with a public search page, and
 * no key at all (open, with one WARN). {@link RouteSecurityIT} walks the default mode.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityModesIT {

    @Test
    void withAPublicPageOnlyThePageAndTheProbesAnswerWithoutAKeyAndEveryRotatedKeyWorks() throws Exception {
        try (ConfigurableApplicationContext app = AppRunner.start("offline-demo", "app.api-key=",
                "app.api-keys=old-key, new-key", "app.security.public-page=true", "app.store.dir=" + store())) {
            Http anonymous = AppRunner.http(app);
            Set<String> open = Set.of("/", "/index.html", "/app.js", "/app.css", "/api/info",
                    "/actuator/health/liveness", "/actuator/health/readiness");
            int walked = 0;
            for (Route route : MappedRoutes.of(app, "/actuator")) {
                if (!route.method().equals("GET")) {
                    continue;
                }
                int status = anonymous.get(route.path()).status();
                if (open.contains(route.path())) {
                    assertThat(status).as("%s without a key", route).isEqualTo(200);
                } else {
                    assertThat(status).as("%s without a key", route).isEqualTo(401);
                }
                walked++;
            }
            assertThat(walked).isGreaterThanOrEqualTo(open.size());
            assertThat(anonymous.postJson("/documents", "{\"text\":\"a\"}").status()).isEqualTo(401);
            for (String key : new String[] {"old-key", "new-key"}) {
                Http.Response r = anonymous.postJson("/v1/embeddings", "{\"input\":\"rotate\"}",
                        "Authorization", "Bearer " + key);
                assertThat(r.status()).as("key %s", key).isEqualTo(200);
            }
            assertThat(anonymous.postJson("/v1/embeddings", "{\"input\":\"x\"}", "Authorization", "Bearer old-key,new-key")
                    .status()).isEqualTo(401);
        }
    }

    @Test
    void withoutAKeyEverythingIsOpenAsBeforeAndTheAppSaysSoOnce(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext app = AppRunner.start("offline-demo", "app.store.dir=" + store())) {
            Http http = AppRunner.http(app);

            assertThat(http.postJson("/documents", "{\"text\":\"open\"}").status()).isEqualTo(200);
            assertThat(http.get("/search?q=open&k=1").status()).isEqualTo(200);
            assertThat(http.get("/actuator/health").json().at("/components/nomic/details/state").asString())
                    .isEqualTo("ready");
            assertThat(http.get("/actuator/prometheus").status()).isEqualTo(200);
            assertThat(output.getOut().split("No API key is configured", -1)).hasSize(2);
        }
    }

    private static Path store() throws Exception {
        return Files.createTempDirectory(Files.createDirectories(Path.of("target/test-stores")), "security-")
                .toAbsolutePath();
    }
}
