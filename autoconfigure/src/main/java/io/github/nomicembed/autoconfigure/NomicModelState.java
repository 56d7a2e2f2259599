package io.github.nomicembed.autoconfigure;

/** Where the loaded model stands, as reported by the {@code nomic} health component. */
public enum NomicModelState {

    /**
     * Being resolved and loaded in the background ({@code nomic.embedding.readiness.load-in-background}); calls
     * are refused. Readiness refuses traffic.
     */
    LOADING,

    /** Loaded; the warm-up forward pass has not finished yet. Readiness refuses traffic. */
    WARMING_UP,

    /** Loaded and warmed up (or warm-up disabled): serving. */
    READY,

    /**
     * The background load or the warm-up forward pass failed; the reason (file and problem) is reported.
     * Readiness refuses traffic.
     */
    FAILED,

    /** The application is shutting down: queued work is finished, new work refused, then the model closed. */
    SHUTTING_DOWN
}
