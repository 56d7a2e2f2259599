package io.github.nomicembed.modelcache;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model found in the cache by {@link CacheScanner}.
 *
 * @param modelId         e.g. {@code nomic-ai/nomic-embed-text-v2-moe}
 * @param directory       its {@code models--org--name} directory
 * @param refs            revision name to commit, from {@code refs/}
 * @param snapshots       the cached commits
 * @param blobBytes       size of the complete blobs
 * @param incompleteBytes size of interrupted downloads ({@code *.incomplete}) waiting to be resumed
 */
public record CachedModel(String modelId, Path directory, Map<String, String> refs, List<Snapshot> snapshots,
        long blobBytes, long incompleteBytes) {

    public CachedModel {
        refs = Map.copyOf(refs);
        snapshots = List.copyOf(snapshots);
    }

    /**
     * One cached commit.
     *
     * @param commit the commit id
     * @param refs   revision names pointing to it
     * @param files  number of files in it
     * @param bytes  their total size
     */
    public record Snapshot(String commit, List<String> refs, int files, long bytes) {
        public Snapshot {
            refs = List.copyOf(refs);
        }
    }
}
