package io.github.nomicembed.modelcache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.nomicembed.modelcache.ModelCacheException.Reason;
import io.github.nomicembed.modelcache.VerificationReport.FileCheck;
import io.github.nomicembed.modelcache.VerificationReport.Status;

/**
 * Re-hashes the blobs behind a model's snapshot files and compares each with its name (sha256 for LFS files, git
 * blob sha1 for the others). Offline; reads every byte, so a 1.9 GB model takes a few seconds.
 */
public final class CacheVerifier {

    private final CacheLayout layout;
    private final SnapshotStore store;

    public CacheVerifier(Path cacheDir) {
        this.layout = new CacheLayout(cacheDir);
        this.store = new SnapshotStore(layout);
    }

    /**
     * @param revision branch, tag or commit to check; null for every cached snapshot of the model
     * @throws ModelCacheException ({@link Reason#OFFLINE_CACHE_MISS}) if the model or revision is not cached
     */
    public VerificationReport verify(String modelId, String revision) throws IOException {
        List<String> commits = commits(modelId, revision);
        Map<Path, Optional<String>> hashed = new HashMap<>();
        List<FileCheck> checks = new ArrayList<>();
        for (String commit : commits) {
            Path snapshot = layout.snapshotDir(modelId, commit);
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(snapshot)) {
                entries = walk.filter(p -> Files.isSymbolicLink(p) || Files.isRegularFile(p)).sorted()
                        .collect(Collectors.toList());
            }
            for (Path entry : entries) {
                String file = snapshot.relativize(entry).toString().replace(entry.getFileSystem().getSeparator(), "/");
                checks.add(check(commit, file, entry, hashed));
            }
        }
        return new VerificationReport(modelId, checks);
    }

    private FileCheck check(String commit, String file, Path entry, Map<Path, Optional<String>> hashed)
            throws IOException {
        if (!Files.isSymbolicLink(entry)) {
            return new FileCheck(commit, file, Status.UNCHECKED, "a copy, not a link to a blob: no checksum known");
        }
        Path blob = entry.getParent().resolve(Files.readSymbolicLink(entry)).normalize();
        if (!Files.isRegularFile(blob)) {
            return new FileCheck(commit, file, Status.MISSING, "blob " + blob + " does not exist");
        }
        String etag = blob.getFileName().toString();
        if (!Checksums.isVerifiable(etag)) {
            return new FileCheck(commit, file, Status.UNCHECKED, "blob name " + etag + " is not a checksum");
        }
        Optional<String> mismatch = hashed.get(blob);
        if (mismatch == null) {
            mismatch = Checksums.mismatch(blob, etag);
            hashed.put(blob, mismatch);
        }
        String kind = Names.isSha256(etag) ? "sha256" : "git sha1";
        return mismatch
                .map(actual -> new FileCheck(commit, file, Status.CORRUPT, kind + " of " + blob + " is " + actual
                        + ", expected " + etag))
                .orElseGet(() -> new FileCheck(commit, file, Status.OK, kind + " " + etag));
    }

    private List<String> commits(String modelId, String revision) throws IOException {
        if (revision != null) {
            String commit = Names.isCommit(revision) ? revision : store.readRef(modelId, revision)
                    .orElseThrow(() -> notCached(modelId + " at revision '" + revision + "' (no refs/" + revision
                            + ")"));
            if (!Files.isDirectory(layout.snapshotDir(modelId, commit))) {
                throw notCached(modelId + " at commit " + commit);
            }
            return List.of(commit);
        }
        Path snapshots = layout.snapshotsDir(modelId);
        if (!Files.isDirectory(snapshots)) {
            throw notCached(modelId);
        }
        try (Stream<Path> dirs = Files.list(snapshots)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    private ModelCacheException notCached(String what) {
        return new ModelCacheException(Reason.OFFLINE_CACHE_MISS, "Not in the model cache " + layout.root() + ": "
                + what);
    }
}
