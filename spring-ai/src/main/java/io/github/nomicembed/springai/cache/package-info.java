/**
 * The embedding cache in front of the model: keyed by the model's identity (a digest of its files), the prompt
 * and the text; the full vector stored once and Matryoshka applied per request, so a hit is bit-identical to a
 * miss; in memory (Caffeine, bounded) or in any Spring {@code Cache} shared by replicas.
 */
@NullMarked
package io.github.nomicembed.springai.cache;

import org.jspecify.annotations.NullMarked;
