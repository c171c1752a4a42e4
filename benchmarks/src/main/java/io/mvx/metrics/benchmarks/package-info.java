/** JMH benchmarks of MVX against Micrometer, OpenTelemetry and the Prometheus simpleclient (issue 7). */
package io.mvx.metrics.benchmarks;
