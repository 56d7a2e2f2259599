package io.github.nomicembed.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Non-interleaved (GPT-NeoX) rotary tables, computed once in fp32 with the same ops as the reference
 * ({@code inv_freq = 1 / base^(arange(0, d, 2) / d)}, {@code θ = outer(pos, inv_freq)}) and stored as
 * {@code cat(cos, cos)} / {@code cat(sin, sin)} of shape {@code [maxPositions, rotaryDim]}.
 */
final class RotaryTables implements AutoCloseable {

    private final NDManager manager;
    private final NDArray cos;
    private final NDArray sin;
    private final int rotaryDim;

    RotaryTables(NDManager manager, int rotaryDim, double base, int maxPositions, DataType type) {
        this.manager = manager;
        this.rotaryDim = rotaryDim;
        NDArray exponents = manager.arange(0f, (float) rotaryDim, 2f).div((float) rotaryDim);
        NDArray invFreq = manager.ones(new Shape(rotaryDim / 2)).div(manager.create((float) base).pow(exponents));
        NDArray t = manager.arange(0f, (float) maxPositions, 1f).reshape(maxPositions, 1);
        NDArray freqs = t.mul(invFreq.reshape(1, rotaryDim / 2));
        this.cos = freqs.cos().concat(freqs.cos(), 1).toType(type, false);
        this.sin = freqs.sin().concat(freqs.sin(), 1).toType(type, false);
        manager.cap();
    }

    /** Applies rotary to {@code x} of shape {@code [B, heads, S, headDim]}; results go to x's manager. */
    NDArray apply(NDArray x, int seqLen, NDManager target) {
        long headDim = x.getShape().get(3);
        NDArray c = cos.get(target, new ai.djl.ndarray.index.NDIndex().addSliceDim(0, seqLen));
        NDArray s = sin.get(target, new ai.djl.ndarray.index.NDIndex().addSliceDim(0, seqLen));
        if (rotaryDim == headDim) {
            return rotate(x, c, s);
        }
        ai.djl.ndarray.NDList parts = x.split(new long[] {rotaryDim}, 3);
        return rotate(parts.get(0), c, s).concat(parts.get(1), 3);
    }

    private NDArray rotate(NDArray x, NDArray c, NDArray s) {
        ai.djl.ndarray.NDList halves = x.split(2, 3);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(c).add(rotated.mul(s));
    }

    @Override
    public void close() {
        manager.close();
    }
}
