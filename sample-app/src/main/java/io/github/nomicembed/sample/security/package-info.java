/**
 * Spring Security for the sample app: API keys as bearer tokens on every route but the Kubernetes probes
 * (deny by default), constant-time key checks over digests, several keys for rotation, 401 answers in
 * OpenAI's error shape, and the open mode (no key configured) with its one WARN.
 */
@NullMarked
package io.github.nomicembed.sample.security;

import org.jspecify.annotations.NullMarked;
