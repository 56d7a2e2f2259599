package io.github.nomicembed.core.runtime;

import java.util.Locale;

/** Floating point type of weights and activations. */
public enum ComputeType {
    /** IEEE fp32: the only type on CPU, exact parity with the reference. */
    FLOAT32,
    /** IEEE fp16: CUDA only; halves weight memory, router softmax and pooling stay fp32. */
    FLOAT16;

    /** Parses {@code float32|fp32|float16|fp16|half} (case-insensitive). */
    public static ComputeType parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "float32", "fp32", "f32", "float" -> {
                return FLOAT32;
            }
            case "float16", "fp16", "f16", "half" -> {
                return FLOAT16;
            }
            default -> throw new IllegalArgumentException(
                    "Unknown dtype '" + value + "'; allowed: float32, float16 (float16 only on CUDA)");
        }
    }
}
