package io.github.nomicembed.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nomicembed.core.config.ModelConfigException;
import io.github.nomicembed.core.observe.EmbedderListener;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException;
import io.github.nomicembed.core.schedule.EmbeddingRejectedException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NomicEmbedder#loadInBackground}: returns at once, refuses calls with a typed rejection while loading,
 * then gives exactly the vectors of a synchronously loaded embedder; a failed load is reported, not thrown.
 */
class BackgroundLoadTest {

    private static final List<String> TEXTS = List.of("Berlin is the capital of Germany.", "Der Hund bellt.");

    @TempDir
    Path tmp;

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Reason> rejections = new CopyOnWriteArrayList<>();
    private final EmbedderListener listener = new EmbedderListener() {
        @Override
        public void onRejected(Reason reason) {
            rejections.add(reason);
        }
    };

    private static EmbedderOptions cpu() {
        return EmbedderOptions.builder().optDevice("cpu").build();
    }

    /** A source that hands out {@code dir} once released, like a download that takes a while. */
    private NomicEmbedder loadingFrom(Path dir, EmbedderOptions options) {
        return NomicEmbedder.loadInBackground(() -> {
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return dir;
        }, options, listener);
    }

    @Test
    void callsAreRefusedAsNotLoadedWhileLoadingThenGiveTheVectorsOfASynchronousLoad() throws Exception {
        try (NomicEmbedder background = loadingFrom(Fixture.dir(), cpu());
                NomicEmbedder sync = NomicEmbedder.load(Fixture.dir(), cpu())) {
            assertThat(background.isLoaded()).isFalse();
            assertThat(background.whenLoaded().isCompletedExceptionally()).isFalse();
            assertThat(background.queueDepth().texts()).isZero();
            assertThat(background.options().modelName()).isEqualTo(sync.options().modelName());
            assertThatThrownBy(() -> background.embed(TEXTS, EmbeddingTask.DOCUMENT))
                    .isInstanceOfSatisfying(EmbeddingRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_LOADED))
                    .hasMessageContaining("still loading");
            assertThatThrownBy(() -> background.countTokens("x", EmbeddingTask.QUERY.promptName()).embedded())
                    .isInstanceOf(EmbeddingRejectedException.class);
            assertThat(rejections).containsExactly(Reason.NOT_LOADED);

            release.countDown();
            assertThat(background.whenLoaded().get(60, TimeUnit.SECONDS)).isSameAs(background);

            assertThat(background.isLoaded()).isTrue();
            assertThat(background.dimensions()).isEqualTo(sync.dimensions());
            assertThat(background.info().modelDir()).isEqualTo(sync.info().modelDir());
            EmbeddingResult expected = sync.embed(TEXTS, EmbeddingTask.DOCUMENT.promptName(), 16);
            EmbeddingResult actual = background.embed(TEXTS, EmbeddingTask.DOCUMENT.promptName(), 16);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertThat(actual.vectors().get(i)).containsExactly(expected.vectors().get(i));
            }
        }
    }

    @Test
    void aConfiguredDimensionIsKnownBeforeTheModelIsLoaded() {
        try (NomicEmbedder background = loadingFrom(Fixture.dir(), EmbedderOptions.builder().optDevice("cpu")
                .optDimensions(8).build())) {
            assertThat(background.dimensions()).isEqualTo(8);
            assertThat(background.isLoaded()).isFalse();
        }
    }

    @Test
    void anUnconfiguredDimensionWaitsForTheLoad() throws Exception {
        try (NomicEmbedder background = loadingFrom(Fixture.dir(), cpu());
                NomicEmbedder sync = NomicEmbedder.load(Fixture.dir(), cpu())) {
            CompletableFuture<Integer> dimensions = CompletableFuture.supplyAsync(background::dimensions);
            assertThatThrownBy(() -> dimensions.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThatThrownBy(background::info).isInstanceOf(EmbeddingRejectedException.class);

            release.countDown();
            assertThat(dimensions.get(60, TimeUnit.SECONDS)).isEqualTo(sync.dimensions());
        }
    }

    @Test
    void corruptWeightsFailTheLoadNamingTheFileAndEveryCallSaysSo() throws IOException {
        Path dir = Fixture.copyTo(tmp.resolve("model"));
        Path weights = dir.resolve("model.safetensors");
        Files.write(weights, new byte[] {1, 2, 3});
        release.countDown();
        try (NomicEmbedder background = loadingFrom(dir, cpu())) {
            assertThatThrownBy(() -> background.whenLoaded().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ModelConfigException.class);

            assertThat(background.isLoaded()).isFalse();
            assertThat(background.whenLoaded().handle((r, e) -> e).join()).asString().contains("model.safetensors");
            assertThatThrownBy(() -> background.embed(TEXTS, EmbeddingTask.QUERY))
                    .isInstanceOfSatisfying(EmbeddingRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.LOAD_FAILED))
                    .hasMessageContaining("failed to load").hasMessageContaining("model.safetensors")
                    .hasCauseInstanceOf(ModelConfigException.class);
            assertThat(rejections).containsExactly(Reason.LOAD_FAILED);
            assertThatThrownBy(background::dimensions).isInstanceOf(EmbeddingRejectedException.class)
                    .hasMessageContaining("model.safetensors");
        }
    }

    @Test
    void aSourceThatCannotProduceTheDirectoryFailsTheLoadWithItsReason() {
        try (NomicEmbedder background = NomicEmbedder.loadInBackground(() -> {
            throw new IOException("huggingface.co unreachable");
        }, cpu(), listener)) {
            assertThatThrownBy(() -> background.whenLoaded().get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IOException.class);
            assertThatThrownBy(() -> background.info().prefixed("x", EmbeddingTask.QUERY.promptName()))
                    .isInstanceOf(EmbeddingRejectedException.class)
                    .hasMessageContaining("huggingface.co unreachable");
        }
    }

    @Test
    void closingWhileLoadingReleasesTheModelWhenTheLoadEndsAndRefusesCalls() {
        NomicEmbedder background = loadingFrom(Fixture.dir(), cpu());
        background.close();
        release.countDown();

        assertThatThrownBy(() -> background.whenLoaded().get(60, TimeUnit.SECONDS))
                .hasCauseInstanceOf(EmbeddingRejectedException.class).hasMessageContaining("closed while loading");
        assertThat(background.isLoaded()).isFalse();
        assertThatThrownBy(() -> background.embed(TEXTS, EmbeddingTask.QUERY))
                .isInstanceOfSatisfying(EmbeddingRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SHUT_DOWN));
    }
}
