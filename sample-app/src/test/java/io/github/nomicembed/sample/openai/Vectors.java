package io.github.nomicembed.sample.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.assertj.core.data.Offset;
import tools.jackson.databind.JsonNode;

/** Reading vectors out of JSON responses, and comparing them with the model's. */
public final class Vectors {

    /** Equal within 1e-6 per component (the server and the reference run the same model on the same texts). */
    public static final float TOLERANCE = 1e-6f;

    private Vectors() {
    }

    /** A JSON array of numbers. */
    public static float[] ofJsonArray(JsonNode array) {
        assertThat(array.isArray()).as("embedding is a JSON array: %s", array).isTrue();
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).doubleValue();
        }
        return v;
    }

    /** Base64 of little-endian float32 bytes. */
    public static float[] ofBase64(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(v);
        return v;
    }

    public static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], Offset.offset(TOLERANCE));
        }
    }
}
