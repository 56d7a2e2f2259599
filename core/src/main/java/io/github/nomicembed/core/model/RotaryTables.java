package io.github.nomicembed.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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

    /**
     * The tables gathered for each packed token: {@code [cos, sin]}, each {@code [N, 1, rotaryDim]} (broadcast
     * over heads), on {@code target}.
     *
     * @param positions int64 {@code [N]}: each token's position in its own sequence
     */
    NDList perToken(NDArray positions, NDManager target) {
        long n = positions.getShape().get(0);
        NDIndex idx = new NDIndex("{}", positions);
        return new NDList(cos.get(target, idx).reshape(n, 1, rotaryDim), sin.get(target, idx).reshape(n, 1, rotaryDim));
    }

    /**
     * Applies rotary to packed {@code x} of shape {@code [N, heads, headDim]} with tables from
     * {@link #perToken}; the result goes to x's manager.
     */
    NDArray apply(NDArray x, NDList tables) {
        long headDim = x.getShape().get(2);
        if (rotaryDim == headDim) {
            return rotate(x, tables.get(0), tables.get(1));
        }
        NDList parts = x.split(new long[] {rotaryDim}, 2);
        return rotate(parts.get(0), tables.get(0), tables.get(1)).concat(parts.get(1), 2);
    }

    private static NDArray rotate(NDArray x, NDArray c, NDArray s) {
        NDList halves = x.split(2, 2);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 2);
        return x.mul(c).addi(rotated.muli(s));
    }

    @Override
    public void close() {
        manager.close();
    }
}
