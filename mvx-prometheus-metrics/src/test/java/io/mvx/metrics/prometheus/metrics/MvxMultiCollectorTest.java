package io.mvx.metrics.prometheus.metrics;

import static io.mvx.metrics.test.TestMetrics.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.Histogram;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.internal.export.PrometheusExportNames;
import io.mvx.metrics.internal.export.RuntimeStatistic;
import io.mvx.metrics.test.CapturingLogger;
import io.mvx.metrics.test.PrometheusMetricsText;
import io.mvx.metrics.test.Promtool;
import io.mvx.metrics.test.TestMetrics;
import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.test.TextExposition.Family;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MvxMultiCollectorTest {

  private final List<MetricsRuntime> runtimes = new ArrayList<>();
  private final CapturingLogger logger = new CapturingLogger();

  @AfterEach
  void shutDownRuntimes() {
    runtimes.forEach(MetricsRuntime::shutdown);
  }

  private MetricsRuntime started(String namespace) {
    MetricsRuntime runtime = MetricsRuntime.builder(namespace).logPolicy(LogPolicy.SILENT)
        .operationTimeout(Duration.ofMillis(300)).build();
    runtimes.add(runtime);
    runtime.start();
    return runtime;
  }

  private PrometheusRegistry registryFor(MetricsRuntime runtime) {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new MvxMultiCollector(List.of(runtime),
        new ThrottledLog(logger, ThrottledLog.DEFAULT_WINDOW_NANOS, System::nanoTime)));
    return registry;
  }

  private static MetricsRuntime withSampleMetrics(MetricsRuntime runtime) {
    RuntimeRecorder recorder = runtime.createRecorder("conn \"1\" \\ x");
    recorder.registerMetric(fixed("tcp.received", s -> s.description("Bytes\\received\nso far").unit("By")
        .counter("bytes_total", 1200, Map.of("direction", "in")).counter("bytes_total", 7, Map.of("direction", "out"))));
    Histogram latency = Histogram.withUpperBounds(0.1, 0.5);
    latency.record(0.05);
    latency.record(0.3);
    latency.record(2);
    recorder.registerMetric(fixed("save.duration", s -> s.unit("s").gauge("average", 0.25)
        .histogram("latency", latency.snapshot())));
    return runtime;
  }

  private static Family family(List<Family> families, String name) {
    return families.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(
        () -> new AssertionError(name + " not in " + families.stream().map(Family::name).toList()));
  }

  @Test
  void collect_writesTheConventionsNamesHelpAndUnits_inTextAndOpenMetrics() {
    PrometheusRegistry registry = registryFor(withSampleMetrics(started("app.metrics")));

    List<Family> text = TextExposition.parse004(PrometheusMetricsText.write004(registry));
    List<Family> openMetrics = TextExposition.parseOpenMetrics(PrometheusMetricsText.writeOpenMetrics(registry));

    Family counter = family(openMetrics, "app_metrics_tcp_received_bytes");
    assertThat(counter.type()).isEqualTo("counter");
    assertThat(counter.unit()).isEqualTo("bytes");
    assertThat(counter.help()).isEqualTo("Bytes\\received\nso far");
    assertThat(counter.samples()).extracting(TextExposition.Sample::name).containsOnly(
        "app_metrics_tcp_received_bytes_total");
    assertThat(counter.samples()).extracting(s -> s.labels().get("recorder")).containsOnly("conn \"1\" \\ x");
    assertThat(family(openMetrics, "app_metrics_save_duration_average_seconds").unit()).isEqualTo("seconds");
    assertThat(family(openMetrics, "app_metrics_save_duration_average_seconds").help()).isEqualTo("save.duration");
    Family histogram = family(text, "app_metrics_save_duration_latency_seconds");
    assertThat(histogram.type()).isEqualTo("histogram");
    assertThat(histogram.samples()).extracting(s -> s.name() + s.labels().getOrDefault("le", "") + "=" + s.value())
        .containsExactly("app_metrics_save_duration_latency_seconds_bucket0.1=1.0",
            "app_metrics_save_duration_latency_seconds_bucket0.5=2.0",
            "app_metrics_save_duration_latency_seconds_bucket+Inf=3.0",
            "app_metrics_save_duration_latency_seconds_count=3.0",
            "app_metrics_save_duration_latency_seconds_sum=2.35");
    assertThat(family(text, "mvx_runtime_events_accepted_total").samples()).singleElement()
        .satisfies(s -> assertThat(s.labels()).containsExactly(Map.entry("namespace", "app.metrics")));
    assertThat(family(text, "mvx_runtime_collector_skipped_total").samples()).hasSize(7);
  }

  @Test
  void promtool_findsNothingToComplainAbout() {
    PrometheusRegistry registry = registryFor(withSampleMetrics(started("app.metrics")));

    Promtool.Result result = Promtool.checkMetrics(PrometheusMetricsText.write004(registry));

    assertThat(result.clean()).as("promtool: %s", result).isTrue();
  }

  @Test
  void descriptors_declareTheSelfMetrics_soARegistryRefusesASecondCollector() {
    MetricsRuntime runtime = started("app");
    MvxMultiCollector collector = new MvxMultiCollector(runtime);
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(collector);

    List<String> expected = new ArrayList<>();
    for (RuntimeStatistic statistic : RuntimeStatistic.values()) {
      expected.add(PrometheusExportNames.runtimeFamily(statistic));
    }
    expected.add("mvx_runtime_collector_skipped");
    assertThat(collector.getMetricFamilyDescriptors()).extracting(MetricFamilyDescriptor::getPrometheusName)
        .containsExactlyElementsOf(expected).contains("mvx_runtime_events_accepted", "mvx_runtime_recorders");
    @SuppressWarnings("deprecation")
    List<String> names = collector.getPrometheusNames();
    assertThat(names).isEqualTo(expected);
    assertThatThrownBy(() -> registry.register(new MvxMultiCollector(started("other"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mvx_runtime_");
  }

  @Test
  void lateSnapshot_servesTheLastGoodCut_withItsAge() throws Exception {
    MetricsRuntime runtime = MetricsRuntime.builder("stuck").logPolicy(LogPolicy.SILENT)
        .operationTimeout(Duration.ofMillis(500)).handlerTimeout(Duration.ofMinutes(10)).build();
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("r");
    TestMetrics.Blocking blocking = new TestMetrics.Blocking("blocking");
    recorder.registerMetric(blocking);
    PrometheusRegistry registry = registryFor(runtime);
    recorder.registerEvent(new TestMetrics.Ping());
    assertThat(blocking.entered().await(10, TimeUnit.SECONDS)).isTrue();
    try {
      TextExposition scrape = TextExposition.parse(PrometheusMetricsText.write004(registry));

      assertThat(scrape.value("mvx_runtime_collector_skipped_total",
          Map.of("namespace", "stuck", "reason", "snapshot_failed"))).hasValue(0);
      assertThat(scrape.value("mvx_runtime_recorders", Map.of("namespace", "stuck"))).hasValue(1);
      assertThat(scrape.value("mvx_runtime_snapshot_age_seconds", Map.of("namespace", "stuck")).orElseThrow())
          .isPositive();
    } finally {
      blocking.release().countDown();
    }
  }

  @Test
  void severalRuntimes_shareTheFamilies_namespacesMustDiffer() {
    MetricsRuntime a = started("a");
    MetricsRuntime b = started("b");
    a.createRecorder("r").registerMetric(fixed("m", s -> s.counter("x", 1)));
    b.createRecorder("r").registerMetric(fixed("m", s -> s.counter("x", 2)));
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new MvxMultiCollector(List.of(a, b)));

    TextExposition scrape = TextExposition.parse(PrometheusMetricsText.write004(registry));

    assertThat(scrape.value("a_m_x_total", Map.of("recorder", "r"))).hasValue(1);
    assertThat(scrape.value("b_m_x_total", Map.of("recorder", "r"))).hasValue(2);
    assertThat(scrape.value("mvx_runtime_recorders", Map.of("namespace", "b"))).hasValue(1);
    assertThatThrownBy(() -> new MvxMultiCollector(List.of(a, a)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'a': namespace of runtimes[1] is already exported by runtimes[0]");
    assertThatThrownBy(() -> new MvxMultiCollector(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("[]: runtimes must not be empty");
    assertThatThrownBy(() -> new MvxMultiCollector((MetricsRuntime) null))
        .isInstanceOf(NullPointerException.class).hasMessage("runtime");
  }

  @Test
  void serverBuiltForARuntime_servesProtobufWhenAskedForIt() throws Exception {
    MetricsRuntime runtime = started("proto");
    Histogram histogram = Histogram.exponential(160);
    histogram.record(3);
    runtime.createRecorder("r").registerMetric(fixed("latency", s -> s.histogram("seconds", histogram.snapshot())));
    try (MvxPrometheusMetricsServer server = MvxPrometheusMetricsServer.builder(runtime).build()) {
      HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
              .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                  + "encoding=delimited")
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).get().asString()
          .startsWith("application/vnd.google.protobuf");
      assertThat(new String(response.body(), java.nio.charset.StandardCharsets.ISO_8859_1))
          .contains("proto_latency_seconds");
    }
  }
}
