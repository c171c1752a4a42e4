package io.mvx.metrics.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.example.TcpStreamBytesReceivedMetric.BytesReceived;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import org.junit.jupiter.api.Test;

class PerConnectionRecordersTest {

  @Test
  void eachConnectionRecorder_ownsItsMetricState() {
    try (MetricsRuntime runtime = started("networking.metrics")) {
      long[][] received = {{1000, 200}, {8000, 750}, {}};
      for (int i = 0; i < received.length; i++) {
        RuntimeRecorder connection = runtime.createRecorder(String.format("connection-%03d", i + 1));
        connection.registerMetric(new TcpStreamBytesReceivedMetric());
        for (long size : received[i]) {
          connection.registerEvent(new BytesReceived(size));
        }
      }

      RuntimeSnapshot snapshot = runtime.snapshot();

      assertThat(snapshot.recorders().keySet())
          .containsExactly("connection-001", "connection-002", "connection-003");
      assertThat(total(snapshot, "connection-001")).isEqualTo(1200);
      assertThat(total(snapshot, "connection-002")).isEqualTo(8750);
      assertThat(total(snapshot, "connection-003")).isZero();
      assertThat(snapshot.stats().accepted()).isEqualTo(4);
      assertThat(snapshot.stats().processed()).isEqualTo(4);
      assertThat(snapshot.stats().recorders()).isEqualTo(3);
    }
  }

  @Test
  void hundredThousandRecorders_inOneRuntime() {
    try (MetricsRuntime runtime = started("many.recorders")) {
      int recorders = 100_000;
      for (int i = 0; i < recorders; i++) {
        RuntimeRecorder connection = runtime.createRecorder("connection-" + i);
        connection.registerMetric(new TcpStreamBytesReceivedMetric());
        connection.registerEvent(new BytesReceived(i));
      }

      RuntimeSnapshot snapshot = runtime.snapshot();

      assertThat(snapshot.recorders()).hasSize(recorders);
      assertThat(total(snapshot, "connection-99999")).isEqualTo(99_999);
      assertThat(snapshot.stats().processed()).isEqualTo(recorders);
      assertThat(runtime.listRecorderIds()).hasSize(recorders).startsWith("connection-0", "connection-1");
    }
  }

  private static MetricsRuntime started(String namespace) {
    MetricsRuntime runtime = MetricsRuntime.builder(namespace).logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    return runtime;
  }

  private static double total(RuntimeSnapshot snapshot, String recorder) {
    return snapshot.recorders().get(recorder).get("tcp_stream.bytes.received").value("total").orElseThrow();
  }
}
