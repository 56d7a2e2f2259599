package io.github.nomicembed.modelcache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Entry point of the second JVM in {@link ConcurrentDownloadIT}: args endpoint, cache dir, model id, revision. */
public final class ResolveInChildProcess {

    private ResolveInChildProcess() {
    }

    public static void main(String[] args) {
        Path snapshot = ModelCache.Builder.withEnvironment(Map.of(), args[1])
                .optEndpoint(args[0])
                .optCacheDir(Path.of(args[1]))
                .optBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                .build()
                .resolve(args[2], args[3]);
        System.out.println("SNAPSHOT " + snapshot);
    }
}
