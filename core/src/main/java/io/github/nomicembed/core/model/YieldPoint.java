package io.github.nomicembed.core.model;

/**
 * Where a forward pass may let other work run on its thread: the pass calls {@link #yieldNow()} between encoder
 * layers and inside them (after attention, between the dense MLP's two projections, after each expert), every
 * few tens of milliseconds of a large pass on a CPU. Whatever runs there must leave the pass's own arrays
 * alone; the pass then resumes exactly where it stopped, so its results do not change.
 */
@FunctionalInterface
public interface YieldPoint {

    /** A pass that never yields. */
    YieldPoint NONE = () -> {
    };

    /** Lets other work run now, on the calling thread, if any is waiting. */
    void yieldNow();
}
