package io.github.nomicembed.core.schedule;

/**
 * A call the embedder could not take or finish: the queue is full, the caller's wait ran out or was
 * interrupted, the embedder is shutting down, or its model is not loaded (still loading in the background, or
 * that load failed). Nothing about the texts themselves was wrong; the same call may succeed later (or on
 * another instance). It is an {@link IllegalStateException}: the embedder is not in a state to take the call.
 * {@link #reason()} says which case it is, e.g. to answer HTTP 503 with {@code Retry-After} for a full queue.
 */
public class EmbeddingRejectedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Why the call was refused. */
    public enum Reason {
        /** Taking the call would exceed the queue's bound on texts. */
        QUEUE_FULL_TEXTS,
        /** Taking the call would exceed the queue's bound on tokens. */
        QUEUE_FULL_TOKENS,
        /** The caller's wait (request timeout) ran out; its queued texts were dropped. */
        TIMED_OUT,
        /** The waiting caller was interrupted; its queued texts were dropped. */
        INTERRUPTED,
        /** The embedder is closing or closed and takes no more calls. */
        SHUT_DOWN,
        /** The model is still loading in the background ({@code NomicEmbedder.loadInBackground}). */
        NOT_LOADED,
        /** The background load of the model failed; the cause says why. No call will succeed on this embedder. */
        LOAD_FAILED
    }

    private final Reason reason;

    /** A rejection for {@code reason}, explained by {@code message}. */
    public EmbeddingRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the call was refused. */
    public Reason reason() {
        return reason;
    }
}
