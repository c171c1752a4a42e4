package io.mvx.metrics.examples.snippets;

// tag::per-connection[]
import io.mvx.metrics.EventMetrics;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.examples.TcpStreamEvents.BytesReceived;
// end::per-connection[]

/** One recorder per connection, each with its own metric instance, removed when the connection closes. */
final class PerConnectionRecorders {

  private PerConnectionRecorders() {}

  static void run(MetricsRuntime runtime) {
    // tag::per-connection[]
    RuntimeRecorder connection = runtime.createRecorder("connection-001");
    Metric bytesReceived = EventMetrics.builder("tcp_stream.bytes.received", BytesReceived.class)
        .description("Bytes received on the connection")
        .unit("By")
        .sum("bytes_total", BytesReceived::bytes);
    connection.registerMetric(bytesReceived);
    connection.registerEvent(new BytesReceived(1200));
    // ... when the connection closes: its meters and series disappear from every adapter
    runtime.stopAndRemoveRecorder("connection-001");
    // end::per-connection[]
  }
}
