/**
 * Hugging Face Hub model cache without Spring: {@link io.github.nomicembed.modelcache.ModelCache} resolves a model id
 * and revision to a local snapshot directory in the {@code huggingface_hub} cache layout, downloading what is missing
 * (resumable, sha256-verified, locked across processes) or, offline, using only the cache.
 * {@link io.github.nomicembed.modelcache.CacheScanner} and {@link io.github.nomicembed.modelcache.CacheVerifier} list
 * and check a cache; the {@code cli} subpackage wraps all three in a command line.
 */
@NullMarked
package io.github.nomicembed.modelcache;

import org.jspecify.annotations.NullMarked;
