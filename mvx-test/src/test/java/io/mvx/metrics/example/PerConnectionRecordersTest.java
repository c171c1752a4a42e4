package io.mvx.metrics.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.example.TcpStreamBytesReceivedMetric.BytesReceived;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  @Test
  void readmeQuickStart_isTheCompiledExample_andPrintsTheSeedTotals() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<String> blocks = new ArrayList<>();
    Matcher matcher = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    String quickStart = Files.readString(
        Path.of("src/main/java/io/mvx/metrics/example/QuickStart.java"));
    String wiring = quickStart.substring(quickStart.indexOf("    try (MetricsRuntime"),
        quickStart.indexOf("    }\n  }\n}")  + "    }\n".length());
    assertThat(blocks).anySatisfy(block -> assertThat(normalise(block)).isEqualTo(normalise(wiring)));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      QuickStart.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(
        "{name=document_storage.save.attempts, dimensions={total=3.0, success_total=2.0, failure_total=1.0}}");
  }

  private static String normalise(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
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
