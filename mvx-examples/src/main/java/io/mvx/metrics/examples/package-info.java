/** The runnable demo: a document store and simulated TCP connections exported through every adapter. */
package io.mvx.metrics.examples;
