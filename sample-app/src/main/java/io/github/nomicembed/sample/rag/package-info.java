/**
 * Retrieval: {@code /documents}, {@code /search} and {@code /ask} over a Spring AI vector store (a file-backed
 * SimpleVectorStore, or PgVectorStore with the {@code pgvector} profile).
 */
@NullMarked
package io.github.nomicembed.sample.rag;

import org.jspecify.annotations.NullMarked;
