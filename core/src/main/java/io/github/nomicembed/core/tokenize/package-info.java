/**
 * Internal: tokenizing with the model's Hugging Face {@code tokenizer.json} (DJL's Rust tokenizers): special tokens,
 * no padding, and the truncation policy for texts longer than the model's maximum sequence length. Callers count tokens with
 * {@link io.github.nomicembed.core.NomicEmbedder#countTokens}; not part of the API.
 */
@NullMarked
package io.github.nomicembed.core.tokenize;

import org.jspecify.annotations.NullMarked;
