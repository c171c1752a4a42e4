/**
 * The seed example: a document storage and per-connection TCP metrics, as the README shows them; the tests
 * of every module export it.
 */
package io.mvx.metrics.example;
