/**
 * Tokenizing with the model's Hugging Face {@code tokenizer.json} (DJL's Rust tokenizers): special tokens,
 * no padding, and the truncation policy for texts longer than the model's maximum sequence length.
 */
@NullMarked
package io.github.nomicembed.core.tokenize;

import org.jspecify.annotations.NullMarked;
