package io.github.nomicembed.modelcache;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Effective, validated settings of a {@link ModelCache} (after applying {@code HF_*} environment variables).
 * {@link #toString()} never shows the token.
 *
 * @param cacheDir       the hub cache root (holds {@code models--org--name/})
 * @param endpoint       the Hub (or mirror) base URL, without trailing slash
 * @param token          access token sent as {@code Authorization: Bearer} to {@code endpoint} only; may be null
 * @param offline        use only the cache, never the network
 * @param files          the files to fetch
 * @param maxAttempts    attempts per HTTP operation (first try included) on transient errors
 * @param initialBackoff wait before the first retry; doubles on each further retry (randomized)
 * @param maxBackoff     upper bound of the wait between retries
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout    a transfer that receives no byte for this long is aborted and resumed
 */
public record ModelCacheConfig(
        Path cacheDir,
        URI endpoint,
        String token,
        boolean offline,
        ModelFiles files,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration connectTimeout,
        Duration readTimeout) {

    /** The public Hugging Face Hub. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    public ModelCacheConfig {
        Objects.requireNonNull(cacheDir, "cacheDir");
        cacheDir = cacheDir.toAbsolutePath().normalize();
        endpoint = normalizeEndpoint(endpoint);
        token = token == null || token.isBlank() ? null : token.strip();
        Objects.requireNonNull(files, "files");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff < initialBackoff");
        }
    }

    /** @return whether a token is configured */
    public boolean hasToken() {
        return token != null;
    }

    @Override
    public String toString() {
        return "ModelCacheConfig[cacheDir=" + cacheDir + ", endpoint=" + endpoint
                + ", token=" + (hasToken() ? "***" : "none") + ", offline=" + offline + ", files=" + files
                + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    static URI normalizeEndpoint(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an absolute http(s) URL: " + endpoint);
        }
        if (endpoint.getQuery() != null || endpoint.getFragment() != null || endpoint.getUserInfo() != null) {
            throw new IllegalArgumentException("endpoint must not have user info, query or fragment: " + endpoint);
        }
        String text = endpoint.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
