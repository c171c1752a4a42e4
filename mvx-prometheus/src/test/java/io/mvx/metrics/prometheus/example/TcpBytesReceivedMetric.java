package io.mvx.metrics.prometheus.example;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/** The bytes received on one connection: a counter in the base unit bytes. */
public final class TcpBytesReceivedMetric implements Metric {
  private long bytes;

  @Override
  public String metricName() {
    return "tcp_stream.bytes.received";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof TcpBytesReceivedMetricEvent received)) {
      return false;
    }
    bytes += received.bytes();
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName())
        .description("Bytes received on the connection")
        .unit("By")
        .counter("bytes_total", bytes)
        .build();
  }
}
