/**
 * Reading and checking a model's {@code config.json} into {@link io.github.nomicembed.core.config.NomicBertConfig}
 * (sizes, layers, experts, rotary settings); an unusable file fails with
 * {@link io.github.nomicembed.core.config.ModelConfigException} naming the file and the key.
 */
@NullMarked
package io.github.nomicembed.core.config;

import org.jspecify.annotations.NullMarked;
