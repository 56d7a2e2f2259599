/**
 * The sample app's model: the offline demo's tiny model, what the app reports about the model, and the failure
 * report that adds the offline demo to the starter's ways out.
 */
@NullMarked
package io.github.nomicembed.sample.model;

import org.jspecify.annotations.NullMarked;
