package io.github.nomicembed.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Java arrays turned into tensors without JVM direct buffers.
 *
 * <p>DJL's {@code NDManager.create(long[])} (and every {@code create} of Java data, and {@code NDArray.add(Number)}
 * and the like, which create a scalar) copies the data into a fresh {@code ByteBuffer.allocateDirect} and builds
 * the tensor on that memory ({@code torch::from_blob}), so the array must keep the buffer; closing the array drops
 * the reference, but the buffer's native memory is only freed after a GC finds it, which a fixed, mostly idle heap
 * seldom runs. Done per forward pass, that piled up as resident memory under load.
 *
 * <p>Here libtorch allocates the tensor ({@code torch::empty}) and the data is written straight into its memory
 * through the view {@code toByteBuffer(true)} returns (JNI {@code NewDirectByteBuffer}: no JVM allocation of
 * native memory, not counted in the direct pool, nothing to free). The tensor then owns its memory like any
 * other and frees it when closed. On an accelerator the host tensor is copied over and closed, as DJL's own
 * {@code create} does natively there. The values are the same bits as with {@code create}.
 */
final class HostArrays {

    private HostArrays() {
    }

    /** int64 {@code [data.length]} on {@code manager}'s device, owned by {@code manager}. */
    static NDArray longs(NDManager manager, long[] data) {
        NDArray host = empty(manager, new Shape(data.length), DataType.INT64);
        if (data.length > 0) {
            host.toByteBuffer(true).asLongBuffer().put(data);
        }
        return toDevice(host, manager.getDevice());
    }

    /** float32 {@code shape} filled with {@code data} on {@code manager}'s device, owned by {@code manager}. */
    static NDArray floats(NDManager manager, float[] data, Shape shape) {
        if (shape.size() != data.length) {
            throw new IllegalArgumentException(data.length + " values for shape " + shape);
        }
        NDArray host = empty(manager, shape, DataType.FLOAT32);
        if (data.length > 0) {
            host.toByteBuffer(true).asFloatBuffer().put(data);
        }
        return toDevice(host, manager.getDevice());
    }

    private static NDArray empty(NDManager manager, Shape shape, DataType type) {
        return manager.create(shape, type, Device.cpu());
    }

    private static NDArray toDevice(NDArray host, Device device) {
        if (host.getDevice().equals(device)) {
            return host;
        }
        NDArray moved = host.toDevice(device, false);
        host.close();
        return moved;
    }
}
