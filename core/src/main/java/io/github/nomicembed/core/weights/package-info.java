/**
 * Reading {@code model.safetensors} (memory-mapped, zero-copy on the CPU; F16 and BF16 widened to F32) into the
 * per-layer weights the forward pass uses, checking every expected tensor's name and shape against the config.
 */
@NullMarked
package io.github.nomicembed.core.weights;

import org.jspecify.annotations.NullMarked;
