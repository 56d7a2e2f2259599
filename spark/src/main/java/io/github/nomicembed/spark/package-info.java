/**
 * Embedding in Apache Spark: the Spark ML {@link io.github.nomicembed.spark.NomicEmbeddingTransformer}, the
 * {@link io.github.nomicembed.spark.EmbedJob} command line, and the per-executor model sharing; no Spring.
 */
@NullMarked
package io.github.nomicembed.spark;

import org.jspecify.annotations.NullMarked;
