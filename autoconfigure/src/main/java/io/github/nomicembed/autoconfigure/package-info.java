/**
 * Spring Boot auto-configuration of the embedding model: the {@code nomic.embedding.*} properties and their
 * checks, the model directory (model-path or the model cache), background loading and warm-up, and, each when its
 * library is present, the health indicator, readiness, the {@code nomic} info entry, Micrometer meters, the
 * Resilience4j guard, the vector-store dimension check and the short failure report for a missing model.
 */
@NullMarked
package io.github.nomicembed.autoconfigure;

import org.jspecify.annotations.NullMarked;
