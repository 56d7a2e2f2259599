/**
 * Internal: the libtorch side of the engine: loading DJL's PyTorch engine, resolving the requested device and
 * dtype against what the host and the loaded libtorch offer, and giving freed native memory back to the OS after
 * forward passes ({@code malloc_trim} on glibc).
 */
@NullMarked
package io.github.nomicembed.core.runtime;

import org.jspecify.annotations.NullMarked;
