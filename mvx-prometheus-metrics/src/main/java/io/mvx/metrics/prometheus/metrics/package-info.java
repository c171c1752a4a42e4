/** MVX runtimes for the Prometheus client_java 1.x ({@code prometheus-metrics-*}) and a scrape endpoint. */
package io.mvx.metrics.prometheus.metrics;
