/**
 * The model's prompts by name: those of {@code config_sentence_transformers.json} (query, passage, Clustering,
 * ...), the {@code document} and {@code none} aliases and prompts added in the options; one prefix per name.
 */
@NullMarked
package io.github.nomicembed.core.prompt;

import org.jspecify.annotations.NullMarked;
