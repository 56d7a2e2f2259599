package io.github.nomicembed.core;

/** Matryoshka post-processing as the model card prescribes: keep the first d dims, then L2-normalise. */
public final class Matryoshka {

    private Matryoshka() {
    }

    /**
     * The one check of an output dimension, used wherever one is given (options, properties, calls): returns
     * {@code dimensions} when it lies in {@code 1..hiddenSize}.
     *
     * @throws IllegalArgumentException {@code "dimensions D is out of range; allowed: 1..H (Matryoshka-trained
     *     range: 256..H)"}
     */
    public static int checkDimensions(int dimensions, int hiddenSize) {
        if (dimensions < 1 || dimensions > hiddenSize) {
            throw new IllegalArgumentException("dimensions " + dimensions + " is out of range; " + allowed(hiddenSize));
        }
        return dimensions;
    }

    /** Returns the allowed output dimensions of a model of {@code hiddenSize}, as error messages state them. */
    public static String allowed(int hiddenSize) {
        return "allowed: 1.." + hiddenSize
                + (hiddenSize > 256 ? " (Matryoshka-trained range: 256.." + hiddenSize + ")" : "");
    }

    /** {@code v[0:d] / max(‖v[0:d]‖₂, 1e-12)} as a new array. */
    public static float[] truncateAndNormalize(float[] v, int d) {
        checkDimensions(d, v.length);
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

    /**
     * Returns the dot product of {@code a} and {@code b} (= cosine similarity for the unit vectors the embedder
     * returns).
     *
     * @throws IllegalArgumentException when the lengths differ
     */
    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return (float) s;
    }
}
