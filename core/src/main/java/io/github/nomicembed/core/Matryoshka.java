package io.github.nomicembed.core;

/** Matryoshka post-processing as the model card prescribes: keep the first d dims, then L2-normalise. */
public final class Matryoshka {

    private Matryoshka() {
    }

    /** {@code v[0:d] / max(‖v[0:d]‖₂, 1e-12)} as a new array. */
    public static float[] truncateAndNormalize(float[] v, int d) {
        if (d < 1 || d > v.length) {
            throw new IllegalArgumentException("dimensions " + d + " is out of range; allowed: 1.." + v.length);
        }
        double sum = 0;
        for (int i = 0; i < d; i++) {
            sum += (double) v[i] * v[i];
        }
        float norm = (float) Math.max(Math.sqrt(sum), 1e-12);
        float[] out = new float[d];
        for (int i = 0; i < d; i++) {
            out[i] = v[i] / norm;
        }
        return out;
    }
}
