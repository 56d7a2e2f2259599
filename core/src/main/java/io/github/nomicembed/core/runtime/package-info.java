/**
 * The libtorch side of the engine: loading DJL's PyTorch engine, resolving the requested device and
 * dtype against what the host and the loaded libtorch offer, and giving freed native memory back to the OS after
 * forward passes ({@code malloc_trim} on glibc).
 * <p>The option types ({@code ComputeType}, {@code DeviceSpec}, {@code BlasFastPath}, {@code BlasInfo}, the
 * {@code NativeMemory} settings) are API; {@code PyTorchRuntime}, {@code Placement} and {@code MklFastPath} are not.
 */
@NullMarked
package io.github.nomicembed.core.runtime;

import org.jspecify.annotations.NullMarked;
