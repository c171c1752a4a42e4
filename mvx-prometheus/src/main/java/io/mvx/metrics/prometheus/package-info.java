/** Exports MVX runtimes to Prometheus through a simpleclient collector and a small scrape endpoint. */
package io.mvx.metrics.prometheus;
