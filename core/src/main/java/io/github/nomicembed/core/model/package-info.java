/**
 * Internal: the NomicBERT-MoE forward pass on DJL NDArrays. Padding is dropped before the first op (real tokens
 * packed into one {@code [N, H]} tensor), attention runs per group of similar-length rows, the MoE layer runs each
 * expert on the tokens routed to it, and the result is the mean-pooled fp32 vector per row. Also the rotary tables
 * and the host-to-tensor copies that avoid JVM direct buffers.
 * <p>API: only {@link io.github.nomicembed.core.model.AttentionSettings} (an option); the rest is public for the
 * engine's other packages and its tests.
 */
@NullMarked
package io.github.nomicembed.core.model;

import org.jspecify.annotations.NullMarked;
