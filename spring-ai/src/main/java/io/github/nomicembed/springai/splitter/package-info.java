/**
 * {@code NomicTextSplitter}: a Spring AI {@code TextSplitter} that counts with this model's own tokenizer, so no
 * chunk is ever truncated: chunks fit the window with the document prompt and special tokens, cut on paragraph,
 * sentence, then word boundaries, with an overlap in tokens, and join back to the input.
 */
@NullMarked
package io.github.nomicembed.springai.splitter;

import org.jspecify.annotations.NullMarked;
