/**
 * The HTTP edge of the sample app: API key, rate limit, request size and readiness filters, error answers in
 * OpenAI's shape, {@code /api/info}, and the embedding routes.
 */
@NullMarked
package io.github.nomicembed.sample.web;

import org.jspecify.annotations.NullMarked;
