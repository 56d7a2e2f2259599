package io.github.nomicembed.modelcache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes refs, snapshot entries and {@code .no_exist} markers. Every write becomes visible atomically:
 * a snapshot entry either does not exist or points to a complete, verified blob.
 */
final class SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);

    private final CacheLayout layout;

    SnapshotStore(CacheLayout layout) {
        this.layout = layout;
    }

    CacheLayout layout() {
        return layout;
    }

    /** @return the commit {@code refs/{revision}} points to, if the ref exists */
    Optional<String> readRef(String modelId, String revision) throws IOException {
        Path ref = layout.refFile(modelId, revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
        return Names.isSafeSegment(commit) ? Optional.of(commit) : Optional.empty();
    }

    /** Writes {@code refs/{revision}} (no trailing newline, like huggingface_hub), atomically. */
    void writeRef(String modelId, String revision, String commit) throws IOException {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = layout.refFile(modelId, revision);
        if (commit.equals(readRef(modelId, revision).orElse(null))) {
            return;
        }
        Files.createDirectories(ref.getParent());
        Path tmp = ref.resolveSibling("." + ref.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(tmp, commit, StandardCharsets.UTF_8);
            moveAtomically(tmp, ref);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates {@code CACHEDIR.TAG} (see bford.info/cachedir) so backup tools skip the cache, like huggingface_hub. */
    void tagCacheDirectory() {
        Path tag = layout.root().resolve("CACHEDIR.TAG");
        if (Files.exists(tag)) {
            return;
        }
        try {
            Files.createDirectories(layout.root());
            Files.writeString(tag, "Signature: 8a477f597d28d172789f06886806bc55\n"
                    + "# This file is a cache directory tag created by nomic-embed-model-cache.\n"
                    + "# For information about cache directory tags, see:\n#\thttps://bford.info/cachedir/\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
        } catch (IOException alreadyThereOrReadOnly) {
            log.debug("No CACHEDIR.TAG in {}: {}", layout.root(), alreadyThereOrReadOnly.toString());
        }
    }

    /** @return whether the snapshot has {@code file} and the blob behind it exists */
    boolean hasFile(String modelId, String commit, String file) {
        return Files.isRegularFile(layout.snapshotFile(modelId, commit, file));
    }

    boolean isMarkedMissing(String modelId, String commit, String file) {
        return Files.exists(layout.noExistFile(modelId, commit, file));
    }

    void markMissing(String modelId, String commit, String file) throws IOException {
        Path marker = layout.noExistFile(modelId, commit, file);
        Files.createDirectories(marker.getParent());
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException alreadyMarked) {
            // another process got there first
        }
    }

    /** @return whether every required file is present and every optional one is present or known to be absent */
    boolean isComplete(String modelId, String commit, ModelFiles files) {
        for (String file : files.required()) {
            if (!hasFile(modelId, commit, file)) {
                return false;
            }
        }
        for (String file : files.optional()) {
            if (!hasFile(modelId, commit, file) && !isMarkedMissing(modelId, commit, file)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes {@code snapshots/{commit}/{file}} point to {@code blob}: a relative symlink, or an atomically moved
     * copy where the file system refuses symlinks.
     */
    void link(String modelId, String commit, String file, Path blob) throws IOException {
        Path target = layout.snapshotFile(modelId, commit, file);
        if (Files.isRegularFile(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target); // a dangling link whose blob was removed
        Path relative = target.getParent().relativize(blob);
        try {
            Files.createSymbolicLink(target, relative);
            return;
        } catch (FileAlreadyExistsException concurrent) {
            if (Files.isRegularFile(target)) {
                return;
            }
            throw concurrent;
        } catch (UnsupportedOperationException | IOException noSymlinks) {
            log.debug("Symbolic links unavailable in {} ({}); copying {}", target.getParent(), noSymlinks, file);
        }
        Path copy = blob.resolveSibling(blob.getFileName() + "." + UUID.randomUUID() + ".copy");
        try {
            Files.copy(blob, copy, StandardCopyOption.REPLACE_EXISTING);
            moveAtomically(copy, target);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Renames {@code source} onto {@code target} in one step (both in the same cache, hence the same file system). */
    static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target.getParent()
                    + " cannot rename atomically; put the model cache on a local file system", e);
        }
    }
}
