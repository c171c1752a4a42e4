/** JMH benchmarks of MVX against Micrometer, OpenTelemetry and the Prometheus simpleclient. */
package io.mvx.metrics.benchmarks;
