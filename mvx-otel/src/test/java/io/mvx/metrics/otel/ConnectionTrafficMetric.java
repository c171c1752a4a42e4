package io.mvx.metrics.otel;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/** Bytes through one connection: two byte counters and a gauge, all in {@code By}. */
final class ConnectionTrafficMetric implements Metric {
  private long received;
  private long sent;

  @Override
  public String metricName() {
    return "connection.traffic";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof ConnectionEvent io)) {
      return false;
    }
    received += io.receivedBytes();
    sent += io.sentBytes();
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName())
        .description("Bytes through one connection")
        .unit("By")
        .counter("received_total", received)
        .counter("sent_total", sent)
        .gauge("in_flight", received - sent)
        .build();
  }
}
