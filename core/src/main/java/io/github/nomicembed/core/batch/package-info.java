/**
 * Internal: cutting tokenized texts into forward passes ({@code BatchPlanner}: sorted by length, bounded by
 * batch size and real tokens, input order restored) and running them ({@code BatchRunner}), splitting a pass that
 * runs out of device memory in halves down to one text.
 * Public for the engine's other packages only; not part of the API.
 */
@NullMarked
package io.github.nomicembed.core.batch;

import org.jspecify.annotations.NullMarked;
