/**
 * The Spring AI {@code EmbeddingModel} on the engine ({@link io.github.nomicembed.springai.NomicEmbeddingModel}),
 * its per-request options (prompt name, dimensions) and a {@code BatchingStrategy} that counts the model's real
 * tokens. Spring AI's model API only, no Spring Boot.
 */
@NullMarked
package io.github.nomicembed.springai;

import org.jspecify.annotations.NullMarked;
