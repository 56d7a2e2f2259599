package io.github.nomicembed.core.runtime;

import ai.djl.Device;

/**
 * Where the model runs and in which compute type, as resolved against the host.
 *
 * @param device the device
 * @param dtype the compute type used there (float32 when {@code auto} found no CUDA device for float16)
 */
public record Placement(Device device, ComputeType dtype) {
}
