package io.github.nomicembed.sample.openai;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Locale;

/** {@code encoding_format} of {@code /v1/embeddings}: how a vector is written into the response. */
public enum EncodingFormat {

    /** A JSON array of numbers (OpenAI's default when the field is absent). */
    FLOAT,

    /**
     * The little-endian float32 bytes of the vector, base64-encoded (what the official OpenAI clients ask
     * for by default).
     */
    BASE64;

    /** {@code float} or {@code base64}, case-insensitive. */
    static EncodingFormat parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "float" -> FLOAT;
            case "base64" -> BASE64;
            default -> throw new IllegalArgumentException(value);
        };
    }

    /** The JSON value of {@code data[i].embedding}: a {@code float[]} or a base64 string. */
    Object encode(float[] vector) {
        if (this == FLOAT) {
            return vector;
        }
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
