/**
 * The engine's public API, with no Spring dependency: {@link io.github.nomicembed.core.NomicEmbedder} loads a model
 * directory (or loads it in the background) and embeds texts with a prompt and an optional Matryoshka dimension;
 * {@link io.github.nomicembed.core.EmbedderOptions} configures it, {@link io.github.nomicembed.core.EmbeddingResult}
 * carries vectors and token counts, {@link io.github.nomicembed.core.Matryoshka} truncates and re-normalises.
 * The subpackages are the engine's parts; only what this package exposes is meant for callers.
 */
@NullMarked
package io.github.nomicembed.core;

import org.jspecify.annotations.NullMarked;
