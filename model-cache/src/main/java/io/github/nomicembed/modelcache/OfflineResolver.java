package io.github.nomicembed.modelcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.nomicembed.modelcache.ModelCacheException.Reason;

/**
 * Resolves a revision from the cache alone, like {@code huggingface_hub} with {@code HF_HUB_OFFLINE=1}: a commit id
 * is used as is, a branch or tag through {@code refs/{revision}}; then every required file must be in
 * {@code snapshots/{commit}/}.
 */
final class OfflineResolver {

    private final SnapshotStore store;
    private final ModelCacheConfig config;
    private final String version;

    OfflineResolver(SnapshotStore store, ModelCacheConfig config, String version) {
        this.store = store;
        this.config = config;
        this.version = version;
    }

    Path resolve(String modelId, String revision) {
        Optional<String> commit = commitOf(modelId, revision);
        if (commit.isEmpty()) {
            throw miss(modelId, revision, "the cache has no revision '" + revision + "' of " + modelId
                    + " (no " + store.layout().refFile(modelId, revision) + ")");
        }
        List<String> missing = missingRequired(modelId, commit.get());
        if (!missing.isEmpty()) {
            throw miss(modelId, revision, "snapshot " + commit.get() + " of " + modelId + " lacks " + missing);
        }
        return store.layout().snapshotDir(modelId, commit.get());
    }

    /** @return the snapshot if the revision is cached with all required files */
    Optional<Path> findComplete(String modelId, String revision) {
        return commitOf(modelId, revision)
                .filter(commit -> missingRequired(modelId, commit).isEmpty())
                .map(commit -> store.layout().snapshotDir(modelId, commit));
    }

    private Optional<String> commitOf(String modelId, String revision) {
        if (Names.isCommit(revision)) {
            return Optional.of(revision);
        }
        try {
            return store.readRef(modelId, revision);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> missingRequired(String modelId, String commit) {
        List<String> missing = new ArrayList<>();
        for (String file : config.files().required()) {
            if (!store.hasFile(modelId, commit, file)) {
                missing.add(file);
            }
        }
        return missing;
    }

    private ModelCacheException miss(String modelId, String revision, String what) {
        String nl = System.lineSeparator();
        return new ModelCacheException(Reason.OFFLINE_CACHE_MISS, "Offline mode (HF_HUB_OFFLINE=1 or "
                + "nomic.embedding.offline=true) and " + what + " in the model cache " + config.cacheDir() + "." + nl
                + "Prefetch the model on a machine with network access:" + nl
                + "  java -jar nomic-embed-model-cache-" + version + "-cli.jar prefetch " + modelId + " --revision "
                + revision + " --cache-dir " + config.cacheDir() + nl
                + "then copy that directory to this host (same path, or point HF_HUB_CACHE / "
                + "nomic.embedding.cache-dir at it); or turn offline mode off to download it.");
    }
}
