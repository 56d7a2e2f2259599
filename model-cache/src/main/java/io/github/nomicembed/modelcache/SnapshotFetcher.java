package io.github.nomicembed.modelcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.nomicembed.modelcache.ModelCacheException.Reason;

/**
 * Online resolution of one revision: asks the Hub for each file not yet in the snapshot, downloads missing blobs,
 * links them into {@code snapshots/{commit}/} and finally records {@code refs/{revision}}. Once the first answer
 * names the commit, every later request uses that commit, so all files come from the same one.
 */
final class SnapshotFetcher {

    private static final Logger log = LoggerFactory.getLogger(SnapshotFetcher.class);

    private final HubClient hub;
    private final SnapshotStore store;
    private final HubRetry retry;
    private final HubRetry firstRequestRetry;
    private final ModelCacheConfig config;
    private final BlobDownloader downloader;

    /**
     * @param cachedFallback whether a complete cached snapshot of the revision exists: then the first request is
     *                       tried once only, so that an unreachable Hub falls back to the cache without delay
     */
    SnapshotFetcher(HubClient hub, SnapshotStore store, HubRetry retry, ModelCacheConfig config,
            ProgressListener listener, boolean cachedFallback) {
        this.hub = hub;
        this.store = store;
        this.retry = retry;
        this.firstRequestRetry = cachedFallback ? retry.withMaxAttempts(1) : retry;
        this.config = config;
        this.downloader = new BlobDownloader(hub, store.layout(), retry, config.endpoint(), config.readTimeout(),
                listener);
    }

    Path fetch(String modelId, String revision) {
        ModelFiles files = config.files();
        String commit = Names.isCommit(revision) ? revision : null;
        boolean first = true;
        try {
            store.tagCacheDirectory();
            for (String file : files.all()) {
                if (commit != null && (store.hasFile(modelId, commit, file)
                        || files.isOptional(file) && store.isMarkedMissing(modelId, commit, file))) {
                    continue;
                }
                HubFile f = new HubFile(modelId, commit != null ? commit : revision, file);
                FileMetadata meta = metadata(f, first ? firstRequestRetry : retry, hub, config.endpoint());
                first = false;
                if (!meta.exists()) {
                    if (!files.isOptional(file)) {
                        throw new ModelCacheException(Reason.NOT_FOUND, "File " + new HubFile(modelId, revision,
                                file).describe() + " not found (HTTP 404 from " + config.endpoint() + "). "
                                + "The model needs it: check the model id (nomic.embedding.model-id) and the revision "
                                + "(nomic.embedding.revision).");
                    }
                    String where = meta.commit() != null ? meta.commit() : commit;
                    if (where != null) {
                        store.markMissing(modelId, where, file);
                    }
                    log.debug("{} has no optional file {}; skipped", modelId, file);
                    continue;
                }
                if (commit == null) {
                    commit = meta.commit();
                    if (store.isComplete(modelId, commit, files)) {
                        log.debug("{} revision '{}' is commit {}, already cached", modelId, revision, commit);
                        break;
                    }
                    if (store.hasFile(modelId, commit, file)) {
                        continue;
                    }
                }
                Path blob = downloader.fetch(f.atCommit(commit), meta);
                store.link(modelId, commit, file, blob);
            }
            store.writeRef(modelId, revision, commit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return store.layout().snapshotDir(modelId, commit);
    }

    private static FileMetadata metadata(HubFile f, HubRetry retry, HubClient hub, URI endpoint) {
        try {
            return retry.call("metadata " + f.file(), () -> hub.metadata(f), (attempt, wait, error) ->
                    log.warn("Request for {} failed ({}); attempt {} of {}, retrying in {}", f.describe(),
                            HubRetry.describe(error), attempt, retry.maxAttempts(), ByteFormat.duration(wait)));
        } catch (IOException e) {
            throw retry.exhausted(f, endpoint, e, false);
        }
    }
}
