package io.mvx.metrics.examples;

import io.mvx.metrics.MetricEvent;

/** The events one simulated TCP connection reports. */
public final class TcpStreamEvents {

  private TcpStreamEvents() {}

  /** Bytes read from the connection. */
  public record BytesReceived(long bytes) implements MetricEvent {
    @Override
    public String eventType() {
      return "tcp_stream.bytes.received";
    }
  }

  /** Bytes written to the connection. */
  public record BytesSent(long bytes) implements MetricEvent {
    @Override
    public String eventType() {
      return "tcp_stream.bytes.sent";
    }
  }

  /** An attempt to open the connection. */
  public record OpenAttempt(boolean success) implements MetricEvent {
    @Override
    public String eventType() {
      return "tcp_stream.open.attempt";
    }
  }
}
