/**
 * Writing embeddings straight into a table in Spring AI's {@code PgVectorStore} layout (upserts by a
 * deterministic UUID per document id, in JDBC batches).
 */
@NullMarked
package io.github.nomicembed.spark.pgvector;

import org.jspecify.annotations.NullMarked;
