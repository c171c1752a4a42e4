package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.mvx.metrics.test.PrometheusBinary;

/**
 * The fleet picture end to end: two MVX instances, each one runtime in a JVM of its own, scraped by a real
 * Prometheus in agent mode that remote-writes to a real central Prometheus. The central server adds the
 * instances up, and a recorder removed on one instance leaves its instant queries at once (the agent's
 * staleness marker travels through remote write; without it the series would linger for the 5 minute
 * lookback) while the other instance's series stay. Agent and central run the configurations shipped in
 * {@code mvx-examples/prometheus}, the agent's with this test's ports and a 1 s scrape interval.
 */
class TwoTierPrometheusTest {

  static final Path CONFIGURATIONS = Path.of("..", "mvx-examples", "prometheus");
  private static final String BYTES = "example_metrics_tcp_stream_bytes_received_bytes_total";
  private static final Duration PATIENCE = Duration.ofSeconds(40);

  @TempDir
  Path directory;

  /** Everything started, stopped last-first: the agent before the central server it flushes to. */
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  @AfterEach
  void stopAll() throws Exception {
    Exception first = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Test
  void centralServer_sumsTheInstances_andARemovedRecorderGoesStaleOnItsInstanceOnly() throws Exception {
    Path prometheus = PrometheusBinary.require("prometheus");
    FleetInstanceProcess a = started(FleetInstanceProcess.start("instance-a", directory.resolve("a.log")));
    FleetInstanceProcess b = started(FleetInstanceProcess.start("instance-b", directory.resolve("b.log")));
    a.emit("conn-shared", 1200);
    assertThat(a.emit("conn-shared", 300)).isEqualTo(1500);
    assertThat(a.emit("conn-a", 40)).isEqualTo(40);
    assertThat(b.emit("conn-shared", 700)).isEqualTo(700);
    assertThat(b.emit("conn-b", 5)).isEqualTo(5);

    PrometheusProcess central = started(PrometheusProcess.start(prometheus, directory.resolve("central.log"),
        "--config.file=" + CONFIGURATIONS.resolve("prometheus-central.yml"),
        "--web.enable-remote-write-receiver",
        "--storage.tsdb.path=" + directory.resolve("central")));
    await().atMost(PATIENCE).until(central::ready);
    started(PrometheusProcess.start(prometheus, directory.resolve("agent.log"),
        "--enable-feature=agent",
        "--config.file=" + agentConfiguration(a, b, central),
        "--storage.agent.path=" + directory.resolve("agent")));

    eventually(() -> {
      assertThat(byLabel(central.query("sum by (recorder) (" + BYTES + ")"), "recorder"))
          .isEqualTo(Map.of("conn-shared", 2200.0, "conn-a", 40.0, "conn-b", 5.0));
      assertThat(byLabels(central.query("sum without (instance) (" + BYTES + ")"))).isEqualTo(Map.of(
          fleetLabels("recorder", "conn-shared"), 2200.0,
          fleetLabels("recorder", "conn-a"), 40.0,
          fleetLabels("recorder", "conn-b"), 5.0));
      assertThat(byLabels(central.query("sum without (instance) (mvx_runtime_recorders)")))
          .isEqualTo(Map.of(fleetLabels("namespace", "example.metrics"), 4.0));
    });

    a.remove("conn-shared");

    eventually(() -> {
      assertThat(byLabel(central.query(BYTES + "{recorder=\"conn-shared\"}"), "instance"))
          .isEqualTo(Map.of(b.target(), 700.0));
      assertThat(byLabel(central.query("sum by (recorder) (" + BYTES + ")"), "recorder"))
          .isEqualTo(Map.of("conn-shared", 700.0, "conn-a", 40.0, "conn-b", 5.0));
      assertThat(byLabel(central.query("count by (instance) (" + BYTES + ")"), "instance"))
          .isEqualTo(Map.of(a.target(), 1.0, b.target(), 2.0));
      assertThat(byLabels(central.query("sum without (instance) (mvx_runtime_recorders)")))
          .isEqualTo(Map.of(fleetLabels("namespace", "example.metrics"), 3.0));
    });
    // the samples are still there, well within the lookback: only the staleness marker hides them
    String lastOverTime = "last_over_time(" + BYTES + "{recorder=\"conn-shared\"}[5m])";
    assertThat(byLabel(central.query(lastOverTime), "instance"))
        .isEqualTo(Map.of(a.target(), 1500.0, b.target(), 700.0));
  }

  @Test
  void shippedConfigurations_passPromtoolAsIs() throws Exception {
    Path promtool = PrometheusBinary.require("promtool");
    assertThat(promtool(promtool, "check", "config", "--agent",
        CONFIGURATIONS.resolve("prometheus-agent.yml").toString())).contains("SUCCESS");
    assertThat(promtool(promtool, "check", "config",
        CONFIGURATIONS.resolve("prometheus-central.yml").toString())).contains("SUCCESS");
  }

  private String promtool(Path promtool, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(arguments));
    Path output = directory.resolve("promtool.out");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("promtool ended").isTrue();
    } finally {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String text = Files.readString(output);
    assertThat(process.exitValue()).as(text).isZero();
    return text;
  }

  /**
   * The shipped agent configuration with this test's two targets and central server and a 1 s scrape
   * interval; each replaced text must occur exactly once, so an edit of the file cannot go unnoticed.
   */
  private Path agentConfiguration(FleetInstanceProcess a, FleetInstanceProcess b, PrometheusProcess central)
      throws IOException {
    String text = Files.readString(CONFIGURATIONS.resolve("prometheus-agent.yml"));
    text = replaceOnce(text, "scrape_interval: 5s", "scrape_interval: 1s");
    text = replaceOnce(text, "\"127.0.0.1:9464\"", "\"" + a.target() + "\"");
    text = replaceOnce(text, "\"127.0.0.1:9465\"", "\"" + b.target() + "\"");
    text = replaceOnce(text, "http://127.0.0.1:9090/api/v1/write",
        "http://" + central.address() + "/api/v1/write");
    return Files.writeString(directory.resolve("prometheus-agent.yml"), text);
  }

  private static String replaceOnce(String text, String target, String replacement) {
    int at = text.indexOf(target);
    assertThat(at).as("'%s' in prometheus-agent.yml", target).isNotNegative();
    assertThat(text.indexOf(target, at + 1)).as("a second '%s' in prometheus-agent.yml", target).isNegative();
    return text.replace(target, replacement);
  }

  /** The labels a sum without (instance) keeps: the job, the agent's external label, and {@code label}. */
  private static Map<String, String> fleetLabels(String label, String value) {
    return Map.of("job", "mvx-demo", "agent", "mvx-agent-1", label, value);
  }

  private static Map<String, Double> byLabel(JsonNode result, String label) {
    Map<String, Double> values = new TreeMap<>();
    result.forEach(series -> values.put(series.path("metric").path(label).asText(), value(series)));
    return values;
  }

  private static Map<Map<String, String>, Double> byLabels(JsonNode result) {
    Map<Map<String, String>, Double> values = new HashMap<>();
    result.forEach(series -> {
      Map<String, String> labels = new TreeMap<>();
      series.path("metric").properties()
          .forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
      values.put(labels, value(series));
    });
    return values;
  }

  private static double value(JsonNode series) {
    return Double.parseDouble(series.path("value").get(1).asText());
  }

  private static void eventually(ThrowingRunnable assertion) {
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(assertion);
  }

  private <T extends AutoCloseable> T started(T process) {
    started.push(process);
    return process;
  }
}
