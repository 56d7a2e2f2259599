package io.github.nomicembed.core.weights;

import java.util.Arrays;

/**
 * One tensor entry of a safetensors header.
 *
 * @param name tensor name
 * @param dtype element type
 * @param shape dimensions
 * @param begin first byte, relative to the start of the data section
 * @param end one past the last byte, relative to the start of the data section
 */
public record TensorInfo(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {

    /** Number of elements. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Byte length in the file. */
    public long byteLength() {
        return end - begin;
    }

    /** Shape written as {@code [a, b]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }
}
