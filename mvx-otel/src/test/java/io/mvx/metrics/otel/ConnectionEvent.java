package io.mvx.metrics.otel;

import io.mvx.metrics.MetricEvent;

/** Traffic on one connection: bytes received and sent, and the type of the frame that carried them. */
record ConnectionEvent(long receivedBytes, long sentBytes, String frameType) implements MetricEvent {

  @Override
  public String eventType() {
    return "connection.io";
  }
}
