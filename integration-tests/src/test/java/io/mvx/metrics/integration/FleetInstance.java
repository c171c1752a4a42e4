package io.mvx.metrics.integration;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.examples.Demo;
import io.mvx.metrics.examples.TcpStreamEvents.BytesReceived;
import io.mvx.metrics.examples.TcpStreamMetrics;
import io.mvx.metrics.prometheus.MvxPrometheusServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One instance of a fleet, run in a JVM of its own by {@link FleetInstanceProcess}: the demo's runtime
 * ({@code example.metrics}) and its per-connection metrics, served on {@code 127.0.0.1} at a free port,
 * with no workload of its own: it does what stdin tells it, so that the values are exact. Its first line on
 * stdout is {@code port N}; then it answers each command with one line:
 * <ul>
 *   <li>{@code emit RECORDER BYTES}: creates the recorder with the connection metrics when it has none by
 *       that name, emits {@code BytesReceived(BYTES)} to it, answers {@code ok RECORDER TOTAL} with its
 *       received bytes read back from a snapshot (so the event is processed and will be scraped);
 *   <li>{@code remove RECORDER}: stops and removes it (its series leave the next scrape), answers
 *       {@code ok RECORDER removed};
 *   <li>{@code quit} or the end of stdin: shuts down, answers {@code bye}.
 * </ul>
 * Anything else answers {@code error ...}.
 */
final class FleetInstance {

  static final String RECEIVED = "tcp_stream.bytes.received";

  private FleetInstance() {}

  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (MetricsRuntime runtime = new MetricsRuntime(Demo.NAMESPACE)) {
      runtime.start();
      try (MvxPrometheusServer server = MvxPrometheusServer.builder(runtime).port(0).build()) {
        out.println("port " + server.port());
        for (String line = in.readLine(); line != null && !line.trim().equals("quit"); line = in.readLine()) {
          out.println(answer(runtime, line.trim().split("\\s+")));
        }
      }
    }
    out.println("bye");
  }

  private static String answer(MetricsRuntime runtime, String[] words) {
    try {
      if (words.length == 3 && words[0].equals("emit")) {
        RuntimeRecorder recorder = runtime.findRecorder(words[1]).orElseGet(() -> {
          RuntimeRecorder created = runtime.createRecorder(words[1]);
          TcpStreamMetrics.register(created);
          return created;
        });
        recorder.registerEvent(new BytesReceived(Long.parseLong(words[2])));
        double total = recorder.getMetricSnapshots().get(RECEIVED).value("bytes_total").orElseThrow();
        return "ok " + words[1] + " " + (long) total;
      }
      if (words.length == 2 && words[0].equals("remove")) {
        runtime.stopAndRemoveRecorder(words[1]);
        return "ok " + words[1] + " removed";
      }
      return "error: unknown command " + String.join(" ", words);
    } catch (RuntimeException e) {
      return "error: " + e;
    }
  }
}
