package io.mvx.metrics.example;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/** The seed's per-connection metric: bytes received on one TCP stream. */
public final class TcpStreamBytesReceivedMetric implements Metric {

  /** Bytes received on the connection the recorder stands for. */
  public record BytesReceived(long size) implements MetricEvent {
    @Override
    public String eventType() {
      return "tcp_stream.bytes.received";
    }
  }

  private long total;

  @Override
  public String metricName() {
    return "tcp_stream.bytes.received";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof BytesReceived received)) {
      return false;
    }
    total += received.size();
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName())
        .description("Bytes received on the connection")
        .unit("By")
        .counter("total", total)
        .build();
  }
}
