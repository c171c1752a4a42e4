package io.mvx.metrics.prometheus.example;

import io.mvx.metrics.MetricEvent;

/** Bytes that arrived on one TCP connection. */
public record TcpBytesReceivedMetricEvent(long bytes) implements MetricEvent {

  @Override
  public String eventType() {
    return "tcp_stream.bytes.received";
  }
}
