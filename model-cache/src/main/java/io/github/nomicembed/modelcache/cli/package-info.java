/** The {@code prefetch}, {@code list} and {@code verify} command line ({@link io.github.nomicembed.modelcache.cli.ModelCacheCli}). */
@NullMarked
package io.github.nomicembed.modelcache.cli;

import org.jspecify.annotations.NullMarked;
