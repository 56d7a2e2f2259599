package io.github.nomicembed.core.schedule;

/**
 * A text that does not fit in the device's memory even alone: the forward pass ran out of memory, was split
 * in halves down to single texts, and still failed. Retrying the same text on the same device will fail
 * again; shorten it, lower {@code maxSequenceLength}, or free device memory.
 */
public class EmbeddingOutOfMemoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An out-of-memory failure explained by {@code message}, caused by the device's error. */
    public EmbeddingOutOfMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
