/**
 * {@code POST /tokenize}: what the model sees of a text (token ids, their text, special flags and code-point
 * offsets, in TEI's shape), with the request rules of {@code /v1/embeddings}.
 */
@NullMarked
package io.github.nomicembed.sample.tokenize;

import org.jspecify.annotations.NullMarked;
