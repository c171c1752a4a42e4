package io.mvx.metrics.prometheus.example;

import io.mvx.metrics.MetricsRecorder;

/** A production component per connection: it reads data and emits an event for what it received. */
public final class TcpConnection {
  private final MetricsRecorder metrics;

  /** A connection reporting to its own recorder. */
  public TcpConnection(MetricsRecorder metrics) {
    this.metrics = metrics;
    metrics.registerMetric(new TcpBytesReceivedMetric());
  }

  /** Handles {@code data} that arrived on the connection. */
  public void received(byte[] data) {
    metrics.registerEvent(new TcpBytesReceivedMetricEvent(data.length));
  }
}
