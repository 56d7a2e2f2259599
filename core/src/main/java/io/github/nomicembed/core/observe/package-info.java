/**
 * Callbacks from the engine for metrics and logs: {@link io.github.nomicembed.core.observe.EmbedderListener}
 * (requests, forward passes, queue waits, rejections, out-of-memory splits) and a composite of several.
 */
@NullMarked
package io.github.nomicembed.core.observe;

import org.jspecify.annotations.NullMarked;
