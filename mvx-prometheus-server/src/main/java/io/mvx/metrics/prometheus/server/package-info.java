/**
 * The scrape endpoint the two Prometheus adapters share (Basic authentication, TLS, the header-read deadline,
 * the scrape deadline); not API, may change without notice: use {@code MvxPrometheusServer} or
 * {@code MvxPrometheusMetricsServer}.
 */
package io.mvx.metrics.prometheus.server;
