package io.github.nomicembed.modelcache;

import java.util.Objects;

/**
 * The model could not be made available: the message names the repository, revision and file involved and
 * says what to do about it. {@link #reason()} tells callers (and the CLI's exit code) what went wrong.
 *
 * <p>Messages never contain the access token.
 */
public class ModelCacheException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** HTTP 401/403 from the Hub: missing or insufficient token, or a gated model whose terms were not accepted. */
        AUTHENTICATION,
        /** The repository, revision or a required file does not exist (HTTP 404). */
        NOT_FOUND,
        /** Offline mode and the cache lacks what was asked for. */
        OFFLINE_CACHE_MISS,
        /** The downloaded bytes did not match the checksum announced by the Hub, even after one re-download. */
        CHECKSUM_MISMATCH,
        /** The Hub or its CDN could not be reached, or kept failing, after all retries. */
        NETWORK,
        /** The server answered something a Hugging Face Hub does not (missing headers, unexpected status). */
        PROTOCOL,
        /** Reading or writing the local cache failed. */
        LOCAL_IO,
        /** Invalid arguments (malformed model id or revision). */
        INVALID_ARGUMENT
    }

    private final Reason reason;

    public ModelCacheException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ModelCacheException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return what went wrong */
    public Reason reason() {
        return reason;
    }
}
