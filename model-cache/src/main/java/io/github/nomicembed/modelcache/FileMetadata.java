package io.github.nomicembed.modelcache;

/**
 * What the Hub says about a file (from the headers of {@code HEAD /{repo}/resolve/{revision}/{file}}).
 *
 * @param commit the commit the revision resolves to ({@code X-Repo-Commit}); may be null for a missing file
 * @param etag   {@code X-Linked-Etag} or {@code ETag}, unquoted: sha256 for LFS files, git blob sha1 otherwise;
 *               null for a missing file
 * @param size   {@code X-Linked-Size} or {@code Content-Length}; -1 if unknown
 * @param exists false when the repository and revision exist but the file does not
 */
record FileMetadata(String commit, String etag, long size, boolean exists) {

    static FileMetadata missing(String commit) {
        return new FileMetadata(commit, null, -1, false);
    }
}
