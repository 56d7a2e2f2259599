package io.github.nomicembed.modelcache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builders wired to a {@link FakeHub}, with fast retries and no influence from the real environment. */
final class TestCaches {

    static final String REPO = "nomic-ai/nomic-embed-text-v2-moe";

    private TestCaches() {
    }

    static ModelCache.Builder builder(FakeHub hub, Path cacheDir) {
        return ModelCache.Builder.withEnvironment(Map.of(), cacheDir.toString())
                .optEndpoint(hub.endpoint())
                .optCacheDir(cacheDir)
                .optMaxAttempts(4)
                .optBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                .optReadTimeout(Duration.ofSeconds(5));
    }

    /** Records listener calls as short strings, e.g. {@code start model.safetensors 0}. */
    static final class RecordingListener implements ProgressListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile DownloadProgress last;

        @Override
        public void onStart(DownloadProgress p) {
            events.add("start " + p.file() + " " + p.resumedFrom());
        }

        @Override
        public void onProgress(DownloadProgress p) {
            last = p;
        }

        @Override
        public void onRetry(DownloadProgress p, int attempt, Duration wait, String reason) {
            events.add("retry " + p.file() + " " + attempt + " " + reason);
        }

        @Override
        public void onComplete(DownloadProgress p) {
            events.add("complete " + p.file() + " " + p.bytesDone());
        }
    }
}
