/**
 * Internal: tokenizing with the model's Hugging Face {@code tokenizer.json} (DJL's Rust tokenizers): special
 * tokens, no padding, and the truncation policy for texts longer than the model's maximum sequence length. Not part of
 * the API: callers count tokens with {@link io.github.nomicembed.core.NomicEmbedder#countTokens}.
 */
@NullMarked
package io.github.nomicembed.core.tokenize;

import org.jspecify.annotations.NullMarked;
