/** Tests across the adapters: one runtime exported everywhere, the demo, a real Prometheus server. */
package io.mvx.metrics.integration;
