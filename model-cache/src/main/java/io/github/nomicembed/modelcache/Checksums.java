package io.github.nomicembed.modelcache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The checksums the Hub publishes as etags: sha256 of the content for LFS files, git blob sha1
 * ({@code sha1("blob <size>\0" + content)}) for regular files.
 */
public final class Checksums {

    private static final int BUFFER = 1 << 20;

    private Checksums() {
    }

    /** @return the lowercase hex sha256 of the file */
    public static String sha256(Path file) throws IOException {
        return digest(file, "SHA-256", null);
    }

    /** @return the lowercase hex git blob id of the file, as {@code git hash-object} prints it */
    public static String gitBlobSha1(Path file) throws IOException {
        byte[] header = ("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII);
        return digest(file, "SHA-1", header);
    }

    /**
     * Checks a file against an etag when the etag is a content hash.
     *
     * @return empty if the file matches or the etag is not a recognizable hash; otherwise the actual hash
     */
    public static Optional<String> mismatch(Path file, String etag) throws IOException {
        String actual;
        if (Names.isSha256(etag)) {
            actual = sha256(file);
        } else if (Names.isGitSha1(etag)) {
            actual = gitBlobSha1(file);
        } else {
            return Optional.empty();
        }
        return actual.equals(etag) ? Optional.empty() : Optional.of(actual);
    }

    /** @return whether the etag is a hash this class can verify */
    public static boolean isVerifiable(String etag) {
        return Names.isSha256(etag) || Names.isGitSha1(etag);
    }

    private static String digest(Path file, String algorithm, byte[] prefix) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is mandatory in every JDK", e);
        }
        if (prefix != null) {
            digest.update(prefix);
        }
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
