package io.github.nomicembed.sample.security;

import io.github.nomicembed.sample.AppProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The API keys this server accepts ({@code app.api-key} and {@code app.api-keys}, several at once for rotation),
 * kept only as SHA-256 digests. A candidate is hashed and compared with every key in constant time
 * ({@link MessageDigest#isEqual}), without stopping at the first match, so the answer time tells nothing about
 * which key, or how much of one, was guessed.
 */
public final class ApiKeys {

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    /** The keys configured in {@code properties}; empty when none is set. */
    public static ApiKeys of(AppProperties properties) {
        return new ApiKeys(properties.keys().stream().map(ApiKeys::sha256).toList());
    }

    /** Whether any key is configured (when none is, the server is open). */
    public boolean required() {
        return !digests.isEmpty();
    }

    /** Returns whether {@code candidate} is one of the configured keys. */
    public boolean matches(String candidate) {
        byte[] given = sha256(candidate);
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, given);
        }
        return match;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
