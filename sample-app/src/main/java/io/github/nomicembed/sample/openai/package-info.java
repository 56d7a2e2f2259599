/**
 * The OpenAI-compatible {@code POST /v1/embeddings}: request parsing and checks, float and base64 encodings,
 * the response shape.
 */
@NullMarked
package io.github.nomicembed.sample.openai;

import org.jspecify.annotations.NullMarked;
