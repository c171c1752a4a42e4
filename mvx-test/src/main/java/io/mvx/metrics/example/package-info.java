/**
 * The seed example as the seed writes it (separate success and failure counters, an average duration in
 * milliseconds): the fixed shapes the adapter tests pin their expectations on. The demo
 * ({@code io.mvx.metrics.examples} in mvx-examples) writes the same seed in Prometheus' idiom (a labelled
 * counter, a histogram in seconds), the way docs/metrics.md recommends; the two differ on purpose.
 */
package io.mvx.metrics.example;
