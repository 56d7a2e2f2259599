package io.github.nomicembed.modelcache;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Paths of the {@code huggingface_hub} cache layout, shared with the Python tools:
 *
 * <pre>
 * {cacheDir}/models--{org}--{name}/
 *     blobs/{etag}                     file contents, named by sha256 (LFS) or git blob sha1
 *     blobs/{etag}.incomplete          download in progress (resumable; never visible in snapshots/)
 *     blobs/{etag}.lock                cross-process download lock (this library only)
 *     refs/{revision}                  commit id the branch or tag pointed to, no trailing newline
 *     snapshots/{commit}/{file}        relative symlink to ../../blobs/{etag} (a copy where symlinks fail)
 *     .no_exist/{commit}/{file}        empty marker: the repository has no such (optional) file
 * </pre>
 */
public final class CacheLayout {

    private static final String PREFIX = "models--";

    private final Path root;

    /** @param root the hub cache directory ({@code HF_HUB_CACHE}) */
    public CacheLayout(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** @return the hub cache directory */
    public Path root() {
        return root;
    }

    /** @return {@code models--org--name} for {@code org/name} */
    public static String repoFolderName(String modelId) {
        return PREFIX + modelId.replace("/", "--");
    }

    /** @return the model id for a {@code models--org--name} folder name, or empty for anything else */
    public static Optional<String> modelIdOf(String folderName) {
        if (!folderName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = folderName.substring(PREFIX.length());
        int separator = rest.indexOf("--");
        if (separator <= 0 || separator + 2 >= rest.length()) {
            return Optional.empty();
        }
        return Optional.of(rest.substring(0, separator) + "/" + rest.substring(separator + 2));
    }

    public Path repoDir(String modelId) {
        return root.resolve(repoFolderName(modelId));
    }

    public Path blobsDir(String modelId) {
        return repoDir(modelId).resolve("blobs");
    }

    public Path blob(String modelId, String etag) {
        return blobsDir(modelId).resolve(etag);
    }

    public Path incompleteBlob(String modelId, String etag) {
        return blobsDir(modelId).resolve(etag + ".incomplete");
    }

    public Path blobLock(String modelId, String etag) {
        return blobsDir(modelId).resolve(etag + ".lock");
    }

    public Path refsDir(String modelId) {
        return repoDir(modelId).resolve("refs");
    }

    public Path refFile(String modelId, String revision) {
        return refsDir(modelId).resolve(revision);
    }

    public Path snapshotsDir(String modelId) {
        return repoDir(modelId).resolve("snapshots");
    }

    public Path snapshotDir(String modelId, String commit) {
        return snapshotsDir(modelId).resolve(commit);
    }

    public Path snapshotFile(String modelId, String commit, String file) {
        return snapshotDir(modelId, commit).resolve(file);
    }

    public Path noExistFile(String modelId, String commit, String file) {
        return repoDir(modelId).resolve(".no_exist").resolve(commit).resolve(file);
    }
}
