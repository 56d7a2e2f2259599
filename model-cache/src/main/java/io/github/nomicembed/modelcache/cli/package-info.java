/** The {@code prefetch}, {@code list} and {@code verify} command line ({@link io.github.nomicembed.modelcache.cli.ModelCacheCli}). */
package io.github.nomicembed.modelcache.cli;
