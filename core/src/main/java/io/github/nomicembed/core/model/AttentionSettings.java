package io.github.nomicembed.core.model;

/**
 * How attention is cut into groups and chunks (see {@link Packing}); results do not depend on them, only speed
 * and peak memory.
 *
 * @param maxGroupWaste largest fraction of padded positions a multi-row attention group may have (0..1)
 * @param scoreBudget largest score tensor (elements, all heads) of one attention group or head chunk, or 0 for
 *     the device's default: 2^20 on a CPU (cache resident), 2^28 on a GPU
 */
public record AttentionSettings(double maxGroupWaste, long scoreBudget) {

    /** Default {@link #maxGroupWaste()}. */
    public static final double DEFAULT_MAX_GROUP_WASTE = 0.125;

    /** The defaults: 12.5 % padding per group, the device's score budget. */
    public static final AttentionSettings DEFAULTS = new AttentionSettings(DEFAULT_MAX_GROUP_WASTE, 0);

    public AttentionSettings {
        if (!(maxGroupWaste >= 0 && maxGroupWaste <= 1)) {
            throw new IllegalArgumentException("maxGroupWaste must be in 0..1, was " + maxGroupWaste);
        }
        if (scoreBudget < 0) {
            throw new IllegalArgumentException("scoreBudget must be >= 0 (0 = the device's default), was "
                    + scoreBudget);
        }
    }

    /** The score budget on a GPU ({@code gpu}) or a CPU. */
    long scoreBudget(boolean gpu) {
        return scoreBudget > 0 ? scoreBudget : gpu ? 1L << 28 : 1L << 20;
    }
}
