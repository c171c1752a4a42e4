package io.mvx.metrics.examples;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsRecorder;
import io.mvx.metrics.examples.TcpStreamEvents.BytesReceived;
import io.mvx.metrics.examples.TcpStreamEvents.BytesSent;
import io.mvx.metrics.examples.TcpStreamEvents.OpenAttempt;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.Map;

/** The per-connection metrics: every connection's recorder owns its own instances. */
public final class TcpStreamMetrics {

  private TcpStreamMetrics() {}

  /** Registers the connection metrics in {@code recorder}. */
  public static void register(MetricsRecorder recorder) {
    recorder.registerMetric(new BytesReceivedMetric());
    recorder.registerMetric(new BytesSentMetric());
    recorder.registerMetric(new OpenAttemptsMetric());
  }

  /** {@code tcp_stream.bytes.received}: bytes read, in bytes. */
  static final class BytesReceivedMetric implements Metric {
    private long bytes;

    @Override
    public String metricName() {
      return "tcp_stream.bytes.received";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      if (!(event instanceof BytesReceived received)) {
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

  /** {@code tcp_stream.bytes.sent}: bytes written, in bytes. */
  static final class BytesSentMetric implements Metric {
    private long bytes;

    @Override
    public String metricName() {
      return "tcp_stream.bytes.sent";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      if (!(event instanceof BytesSent sent)) {
        return false;
      }
      bytes += sent.bytes();
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder(metricName())
          .description("Bytes sent on the connection")
          .unit("By")
          .counter("bytes_total", bytes)
          .build();
    }
  }

  /** {@code tcp_stream.open.attempts}: open attempts, one counter labelled {@code outcome}. */
  static final class OpenAttemptsMetric implements Metric {
    private static final Map<String, String> SUCCESS =
        Map.of(DocumentSaveAttemptsMetric.OUTCOME, "success");
    private static final Map<String, String> FAILURE =
        Map.of(DocumentSaveAttemptsMetric.OUTCOME, "failure");

    private long success;
    private long failure;

    @Override
    public String metricName() {
      return "tcp_stream.open.attempts";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      if (!(event instanceof OpenAttempt attempt)) {
        return false;
      }
      if (attempt.success()) {
        success++;
      } else {
        failure++;
      }
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder(metricName())
          .description("Connection open attempts by outcome")
          .counter("total", success, SUCCESS)
          .counter("total", failure, FAILURE)
          .build();
    }
  }
}
