package io.github.nomicembed.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.NomicEmbedder;
import io.github.nomicembed.core.fixture.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Bad calls through the Java API of the auto-configured (guarded) model and broken model files: each gets its
 * documented error; after a bad call the model stays healthy and the next good call is correct; broken files
 * fail startup naming the file and the reason.
 */
class BadInputsStayHealthyTest {

    @TempDir
    Path dir;

    static Stream<Arguments> badCalls() {
        return Stream.of(
                Arguments.of("null request", (Call) m -> m.call(null), "request must not be null"),
                Arguments.of("null text", (Call) m -> m.embed((String) null), "text must not be null"),
                Arguments.of("null element", (Call) m -> m.embed(Arrays.asList("a", null)), "texts[1] is null"),
                Arguments.of("dimensions 0", (Call) m -> m.call(request(0)), "dimensions must be >= 1, was 0"),
                Arguments.of("dimensions -1", (Call) m -> m.call(request(-1)), "dimensions must be >= 1, was -1"),
                Arguments.of("dimensions huge", (Call) m -> m.call(request(Integer.MAX_VALUE)), "allowed: 1.."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void aBadCallIsAnIllegalArgumentAndTheModelStaysHealthy(String name, Call call, String message) {
        OperationsTestSupport.runner().run(ctx -> {
            EmbeddingModel model = ctx.getBean(EmbeddingModel.class);

            assertThatThrownBy(() -> call.on(model)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(message);
            assertThat(ctx.getBean("nomicHealthIndicator", HealthIndicator.class).health().getStatus())
                    .isEqualTo(Status.UP);
            assertThat(model.embed("next")).isEqualTo(ctx.getBean(NomicEmbedder.class).embedQuery("next"));
        });
    }

    @Test
    void emptyHugeAndControlCharacterTextsAreEmbedded() {
        OperationsTestSupport.runner().run(ctx -> {
            EmbeddingModel model = ctx.getBean(EmbeddingModel.class);
            List<float[]> vectors = model.embed(List.of("", "x".repeat(1_000_000), "\u0000\u0007\u001b", "a\ud800b"));

            assertThat(vectors).hasSize(4).allSatisfy(v -> assertThat(v).hasSize(TinyModel.hiddenSize()));
            assertThat(model.embed(List.of("a\ud800b")).get(0)).isEqualTo(model.embed(List.of("a\uFFFDb")).get(0));
        });
    }

    @Test
    void aTruncatedSafetensorsFileFailsStartupNamingIt() throws IOException {
        Path model = copyOfTinyModel();
        Path weights = model.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length / 2));

        assertStartupFails(model, "model.safetensors");
    }

    @Test
    void aCorruptSafetensorsHeaderFailsStartupNamingIt() throws IOException {
        Path model = copyOfTinyModel();
        Path weights = model.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        for (int i = 8; i < 40; i++) {
            bytes[i] = (byte) '#';
        }
        Files.write(weights, bytes);

        assertStartupFails(model, "model.safetensors");
    }

    @Test
    void aWrongConfigFailsStartupNamingIt() throws IOException {
        Path model = copyOfTinyModel();
        Path config = model.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"n_embd\"", "\"n_embd_x\""),
                StandardOpenOption.TRUNCATE_EXISTING);

        assertStartupFails(model, "config.json");
    }

    @Test
    void aConfigThatIsNotJsonFailsStartupNamingIt() throws IOException {
        Path model = copyOfTinyModel();
        Files.writeString(model.resolve("config.json"), "{ this is not json");

        assertStartupFails(model, "config.json");
    }

    private void assertStartupFails(Path model, String file) {
        OperationsTestSupport.runner().withPropertyValues("nomic.embedding.model-path=" + model).run(ctx -> {
            assertThat(ctx).hasFailed();
            Throwable failure = ctx.getStartupFailure();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains(file);
        });
    }

    private Path copyOfTinyModel() throws IOException {
        Path model = TinyModel.copyTo(dir.resolve("model"));
        return model;
    }

    private static EmbeddingRequest request(int dimensions) {
        // Spring AI's own options, as any caller may send: only the model checks the value
        return new EmbeddingRequest(List.of("x"), EmbeddingOptions.builder().dimensions(dimensions).build());
    }

    @FunctionalInterface
    interface Call {
        void on(EmbeddingModel model);
    }
}
