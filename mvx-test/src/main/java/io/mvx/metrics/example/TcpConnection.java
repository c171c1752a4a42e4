package io.mvx.metrics.example;

import io.mvx.metrics.MetricsRecorder;
import io.mvx.metrics.example.TcpStreamBytesReceivedMetric.BytesReceived;

/** The seed's per-connection production component: it reads data and emits an event for what it received. */
public final class TcpConnection {
  private final MetricsRecorder metrics;

  /**
   * A connection reporting to its own recorder.
   *
   * @param metrics the connection's recorder
   */
  public TcpConnection(MetricsRecorder metrics) {
    this.metrics = metrics;
    metrics.registerMetric(new TcpStreamBytesReceivedMetric());
  }

  /**
   * Handles {@code data} that arrived on the connection.
   *
   * @param data the bytes received
   */
  public void received(byte[] data) {
    metrics.registerEvent(new BytesReceived(data.length));
  }
}
