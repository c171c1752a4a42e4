package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mvx.metrics.examples.Demo;
import io.mvx.metrics.examples.DemoOptions;
import io.mvx.metrics.test.PrometheusBinary;
import io.mvx.metrics.test.TextExposition;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard parses, every metric its queries use is one the demo really exports, and its latency
 * panel shows the exemplars the demo writes, through the provisioned data source's exemplar setting.
 */
class DashboardTest {

  private static final Path DASHBOARD = Path.of("..", "mvx-examples", "grafana", "mvx-demo-dashboard.json");
  private static final Path DATASOURCES =
      Path.of("..", "mvx-examples", "grafana", "provisioning", "datasources", "mvx-prometheus.yml");
  private static final String LATENCY_PANEL = "Document save duration: p50, p95, p99";
  private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "bool", "and", "or", "unless", "offset");

  @Test
  void everyMetricInTheDashboard_isExportedByTheDemo() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets")).as("panel %s", panel.path("title")).isNotEmpty();
      panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
    }
    Set<String> used = new TreeSet<>();
    expressions.forEach(expression -> used.addAll(metricNames(expression)));
    assertThat(used).contains("example_metrics_document_storage_save_attempts_total",
        "example_metrics_document_storage_save_duration_seconds_bucket",
        "example_metrics_tcp_stream_bytes_received_bytes_total", "mvx_runtime_events_accepted_total");

    Set<String> exported;
    try (Demo demo = Demo.startIdle(new DemoOptions(0, 3, Optional.empty(), Duration.ofSeconds(5)), 7)) {
      for (int tick = 0; tick < 5; tick++) {
        demo.workload().tick();
      }
      HttpResponse<String> scrape = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      exported = sampleNames(scrape.body());
    }

    assertThat(exported).containsAll(used);
  }

  @Test
  void theDashboard_chartsSaveDurationPercentiles_fromTheHistogramBuckets() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> expressions = new ArrayList<>();
    dashboard.path("panels").forEach(panel ->
        panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));

    for (String quantile : List.of("0.5", "0.95", "0.99")) {
      assertThat(expressions).contains("histogram_quantile(" + quantile + ", sum by (le) (rate("
          + "example_metrics_document_storage_save_duration_seconds_bucket{recorder=\"document_storage\"}[1m])))");
    }
  }

  /** promtool parses every query: each becomes a recording rule of a rules file that it checks. */
  @Test
  void everyQueryInTheDashboard_isValidPromql(@TempDir Path directory) throws Exception {
    Path promtool = PrometheusBinary.require("promtool");
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int count = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        rules.append("      - record: dashboard:query_").append(++count).append('\n')
            .append("        expr: ").append(new ObjectMapper().writeValueAsString(target.path("expr").asText()))
            .append('\n');
      }
    }
    Path file = Files.writeString(directory.resolve("dashboard-rules.yml"), rules);
    Process process = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
        .redirectErrorStream(true).redirectOutput(directory.resolve("promtool.out").toFile()).start();
    try {
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("promtool ended").isTrue();
    } finally {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(directory.resolve("promtool.out"));

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("SUCCESS: " + count + " rules found");
  }

  @Test
  void theLatencyPanel_showsExemplars_whoseTraceIdTheDataSourceLinks_andTheDemoWrites() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<JsonNode> exemplarTargets = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panel.path("targets").forEach(target -> {
        if (target.path("exemplar").asBoolean(false)) {
          assertThat(panel.path("title").asText()).as("panel with exemplars").isEqualTo(LATENCY_PANEL);
          exemplarTargets.add(target);
        }
      });
    }
    assertThat(exemplarTargets).as("targets of %s with \"exemplar\": true", LATENCY_PANEL).hasSize(1);
    assertThat(exemplarTargets.get(0).path("expr").asText())
        .contains("example_metrics_document_storage_save_duration_seconds_bucket");

    Map<String, Object> provisioning;
    try (InputStream in = Files.newInputStream(DATASOURCES)) {
      provisioning = new Yaml().load(in);
    }
    assertThat(provisioning).containsEntry("apiVersion", 1);
    List<?> datasources = (List<?>) provisioning.get("datasources");
    assertThat(datasources).singleElement().satisfies(entry -> {
      Map<?, ?> datasource = (Map<?, ?>) entry;
      assertThat(datasource.get("type")).isEqualTo("prometheus");
      assertThat(datasource.get("url")).isEqualTo("http://127.0.0.1:9090"); // docs/demo.md's server
      Map<?, ?> jsonData = (Map<?, ?>) datasource.get("jsonData");
      List<?> destinations = (List<?>) jsonData.get("exemplarTraceIdDestinations");
      assertThat(destinations).singleElement().satisfies(destination -> {
        assertThat(((Map<?, ?>) destination).get("name")).isEqualTo("trace_id");
        // "$$" is a literal "$" in provisioning files: Grafana receives ${__value.raw}
        assertThat((String) ((Map<?, ?>) destination).get("url")).endsWith("$${__value.raw}");
      });
    });

    String openMetrics;
    try (Demo demo = Demo.startIdle(new DemoOptions(0, 1, Optional.empty(), Duration.ofSeconds(5)), 7)) {
      demo.workload().tick();
      openMetrics = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/metrics"))
              .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(),
          HttpResponse.BodyHandlers.ofString()).body();
    }
    List<TextExposition.Sample> traced = TextExposition.samples(TextExposition.parseOpenMetrics(openMetrics))
        .stream().filter(sample -> sample.exemplar().isPresent()).toList();
    assertThat(traced).as("samples with exemplars").isNotEmpty()
        .allSatisfy(sample -> assertThat(sample.exemplar().get().labels()).containsKeys("trace_id", "span_id"));
    assertThat(traced).extracting(TextExposition.Sample::name)
        .contains("example_metrics_document_storage_save_duration_seconds_bucket");
  }

  /** Metric names in a PromQL expression: identifiers that are not functions, keywords or label names. */
  static Set<String> metricNames(String expression) {
    String stripped = expression
        .replaceAll("\\{[^}]*}", " ")                                 // label matchers
        .replaceAll("\\[[^]]*]", " ")                                 // range selectors
        .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " "); // grouping label lists
    Set<String> names = new TreeSet<>();
    Matcher identifier = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?").matcher(stripped);
    while (identifier.find()) {
      String token = identifier.group();
      if (!token.endsWith("(") && !PROMQL_WORDS.contains(token.strip())) {
        names.add(token.strip());
      }
    }
    return names;
  }

  private static Set<String> sampleNames(String exposition) {
    Set<String> names = new TreeSet<>();
    exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
        .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
    return names;
  }

  @Test
  void metricNames_skipsFunctionsKeywordsAndLabels() {
    assertThat(metricNames("sum by (recorder) (rate(a_total{recorder=\"x\"}[1m])) / on (job) b"))
        .containsExactly("a_total", "b");
  }
}
