package io.github.nomicembed.modelcache;

import java.util.regex.Pattern;

/** Validation of names that end up in URLs and cache paths (model ids, revisions, file names, etags, commits). */
final class Names {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.+=@,-]+");

    private Names() {
    }

    /** @return whether {@code revision} is a full commit id (used as-is, never resolved) */
    static boolean isCommit(String revision) {
        return revision != null && COMMIT.matcher(revision).matches();
    }

    /** @return whether {@code etag} is a sha256 (the etag of an LFS file) */
    static boolean isSha256(String etag) {
        return etag != null && SHA256.matcher(etag).matches();
    }

    /** @return whether {@code etag} looks like a git blob id (the etag of a regular file) */
    static boolean isGitSha1(String etag) {
        return isCommit(etag);
    }

    static boolean isValidModelId(String modelId) {
        return modelId != null && MODEL_ID.matcher(modelId).matches() && !modelId.contains("..")
                && !modelId.contains("--");
    }

    /** A {@code /}-separated relative path whose segments are plain names (no {@code .}, {@code ..}, empty). */
    static boolean isSafeRelativePath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }

    /** A single path segment safe to use as a file name (etags, commits). */
    static boolean isSafeSegment(String name) {
        return name != null && !name.equals(".") && !name.equals("..") && SEGMENT.matcher(name).matches();
    }
}
