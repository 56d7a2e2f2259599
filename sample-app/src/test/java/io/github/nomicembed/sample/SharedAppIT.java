package io.github.nomicembed.sample;

import io.github.nomicembed.core.NomicEmbedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that share one running app (one Spring context for all of them): the offline demo
 * profile (the tiny random-weight model from the app's resources), an API key, small limits so that 413 is
 * cheap to provoke, truncation policy {@code error} so that an over-long text is a 400, and a fresh store
 * directory under {@code target/test-stores}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "app.api-key=" + SharedAppIT.API_KEY,
        "app.embeddings.max-items=" + SharedAppIT.MAX_ITEMS,
        "app.max-request-size=" + SharedAppIT.MAX_REQUEST_BYTES + "B",
        "nomic.embedding.truncation=error"})
@ActiveProfiles("offline-demo")
@Import(RequestRecorder.class)
public abstract class SharedAppIT {

    public static final String API_KEY = "test-key";
    public static final int MAX_ITEMS = 16;
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    private static final Path STORE_DIR = tempDir();

    @LocalServerPort
    protected int port;

    @Autowired
    protected NomicEmbedder embedder;

    @Autowired
    protected RequestRecorder recorder;

    @DynamicPropertySource
    static void storeDir(DynamicPropertyRegistry registry) {
        registry.add("app.store.dir", STORE_DIR::toString);
    }

    protected static Path storeDir() {
        return STORE_DIR;
    }

    /** A client of the shared app that sends its API key (see {@link Http#withoutKey()}). */
    protected Http http() {
        return new Http("http://127.0.0.1:" + port, API_KEY);
    }

    private static Path tempDir() {
        try {
            Path parent = Files.createDirectories(Path.of("target/test-stores"));
            return Files.createTempDirectory(parent, "shared-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
