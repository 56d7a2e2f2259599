package io.github.nomicembed.core.weights;

import java.util.Locale;

/** The safetensors element types this reader understands (names as in the header). */
public enum SafetensorsDtype {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** Parses a header dtype, or returns {@code null} for one this reader does not know. */
    static SafetensorsDtype parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
