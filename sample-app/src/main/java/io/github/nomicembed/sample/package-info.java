/**
 * The sample application: its entry point and the {@code app.*} properties.
 */
@NullMarked
package io.github.nomicembed.sample;

import org.jspecify.annotations.NullMarked;
