/**
 * Internal: reading {@code model.safetensors} (memory-mapped, zero-copy on the CPU; F16 and BF16 widened to F32)
 * into the per-layer weights the forward pass uses, checking every expected tensor's name and shape against the
 * config. Public only for the engine's other packages and its tests; not part of the API.
 */
@NullMarked
package io.github.nomicembed.core.weights;

import org.jspecify.annotations.NullMarked;
