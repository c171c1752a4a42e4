package io.mvx.metrics.integration;

import static io.mvx.metrics.test.TestMetrics.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.example.DocumentStorage;
import io.mvx.metrics.example.TcpStreamBytesReceivedMetric;
import io.mvx.metrics.example.TcpStreamBytesReceivedMetric.BytesReceived;
import io.mvx.metrics.prometheus.MvxCollector;
import io.mvx.metrics.prometheus.metrics.MvxMultiCollector;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.test.PrometheusMetricsText;
import io.mvx.metrics.test.Promtool;
import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.test.TextExposition.Family;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One runtime rendered through {@link MvxCollector} (simpleclient's {@code TextFormat}) and
 * {@link MvxMultiCollector} (client_java 1.x's own writers), in text format 0.0.4 and in OpenMetrics: the
 * parsed scrapes hold the same series (names, labels, values, the skip counts included) and the same families
 * (TYPE, HELP, UNIT), in the spirit of client_java's {@code SimpleclientCollectorTest}. Histograms join once
 * simpleclient's histogram mapping lands (until then it exports their count as a gauge).
 */
class PrometheusClientsEqualityTest {

  private MetricsRuntime runtime;

  @BeforeEach
  void startRuntime() {
    runtime = MetricsRuntime.builder("equal.metrics").logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    DocumentStorage storage = new DocumentStorage(runtime.createRecorder("document_storage"));
    storage.saveDocument("doc-001", "First document");
    try {
      storage.saveDocument("doc-002", "");
    } catch (IllegalArgumentException expected) {
      // counted as a failure
    }
    for (String id : List.of("connection-1", "conn \"quoted\" \\ back", "zürich")) {
      RuntimeRecorder connection = runtime.createRecorder(id);
      connection.registerMetric(new TcpStreamBytesReceivedMetric());
      connection.registerEvent(new BytesReceived(1500));
      connection.registerMetric(fixed("traffic", s -> s.description("Bytes \\ by\ndirection").unit("By")
          .counter("bytes_total", 10, Map.of("direction", "in", "peer", "a\"b"))
          .counter("bytes_total", 0, Map.of("direction", "out", "peer", "a\"b"))
          .gauge("window", 65_535)));
      connection.registerMetric(fixed("timing", s -> s.unit("ms").gauge("rtt", 12.5).counter("total", 3)));
      connection.registerMetric(fixed("odd.units", s -> s.unit("m/s").gauge("speed", 1e-9)
          .gauge("big", 1.5e300)));
    }
    // every skip reason Prometheus knows: kind, labels, names overlapping, duplicates
    runtime.createRecorder("k1").registerMetric(fixed("conflict", s -> s.counter("value", 1)));
    runtime.createRecorder("k2").registerMetric(fixed("conflict", s -> s.gauge("value", 2)));
    runtime.createRecorder("l1").registerMetric(fixed("labelled", s -> s.gauge("v", 1, Map.of("zone", "eu"))));
    runtime.createRecorder("l2").registerMetric(fixed("labelled", s -> s.gauge("v", 2)));
    RuntimeRecorder names = runtime.createRecorder("n");
    names.registerMetric(fixed("names", s -> s.counter("x", 4).gauge("x_total", 5)));
    names.registerMetric(fixed("dup.a", s -> s.gauge("b", 6)));
    names.registerMetric(fixed("dup_a", s -> s.gauge("b", 7)));
    // histograms occupy _bucket, _count and _sum: a gauge named like one of them is a name conflict either way
    HistogramValue histogram = HistogramValue.of(new double[] {1}, new long[] {1, 1}, 2.5);
    names.registerMetric(fixed("hist", s -> s.histogram("h", histogram).gauge("h_count", 8)));
    names.registerMetric(fixed("early", s -> s.gauge("g_sum", 9).histogram("g", histogram)));
  }

  @AfterEach
  void stop() {
    runtime.shutdown();
  }

  @Test
  void bothClients_writeTheSameSeriesAndFamilies_inTextAndOpenMetrics() {
    CollectorRegistry simpleclient = new CollectorRegistry();
    new MvxCollector(runtime).register(simpleclient);
    PrometheusRegistry client1x = new PrometheusRegistry();
    client1x.register(new MvxMultiCollector(runtime));

    String simple004 = TextExposition.write004(simpleclient);
    String modern004 = PrometheusMetricsText.write004(client1x);
    String simpleOpenMetrics = TextExposition.writeOpenMetrics(simpleclient);
    String modernOpenMetrics = PrometheusMetricsText.writeOpenMetrics(client1x);

    assertThat(series(TextExposition.parse004(modern004))).isEqualTo(series(TextExposition.parse004(simple004)));
    assertThat(families(TextExposition.parse004(modern004)))
        .isEqualTo(families(TextExposition.parse004(simple004)));
    assertThat(series(TextExposition.parseOpenMetrics(modernOpenMetrics)))
        .isEqualTo(series(TextExposition.parseOpenMetrics(simpleOpenMetrics)));
    assertThat(families(TextExposition.parseOpenMetrics(modernOpenMetrics)))
        .isEqualTo(families(TextExposition.parseOpenMetrics(simpleOpenMetrics)));

    Map<String, String> skipped = new TreeMap<>();
    series(TextExposition.parse004(modern004)).forEach((name, value) -> {
      if (name.startsWith("mvx_runtime_collector_skipped_total")) {
        skipped.put(name.replaceAll(".*reason=(\\w+).*", "$1"), value);
      }
    });
    assertThat(skipped).containsEntry("kind_conflict", "1.0").containsEntry("label_conflict", "1.0")
        .containsEntry("name_conflict", "3.0").containsEntry("duplicate_series", "1.0")
        .containsEntry("snapshot_failed", "0.0");
    assertThat(series(TextExposition.parse004(modern004))).containsEntry(
        "equal_metrics_traffic_bytes_total{direction=in, peer=a\"b, recorder=conn \"quoted\" \\ back}", "10.0");
  }

  @Test
  void promtool_findsNothingToComplainAbout_inAModernScrape() {
    MetricsRuntime clean = MetricsRuntime.builder("clean.metrics").logPolicy(LogPolicy.SILENT).build();
    clean.start();
    try {
      RuntimeRecorder connection = clean.createRecorder("connection-1");
      connection.registerMetric(new TcpStreamBytesReceivedMetric());
      connection.registerEvent(new BytesReceived(1500));
      connection.registerMetric(fixed("requests", s -> s.description("Requests served").counter("total", 3)
          .gauge("in_flight", 1)));
      PrometheusRegistry registry = new PrometheusRegistry();
      registry.register(new MvxMultiCollector(clean));

      Promtool.Result result = Promtool.checkMetrics(PrometheusMetricsText.write004(registry));

      assertThat(result.clean()).as("promtool: %s", result).isTrue();
    } finally {
      clean.shutdown();
    }
  }

  /** Every series as {@code name{sorted labels}} to its value, in a sorted map. */
  private static Map<String, String> series(List<Family> families) {
    Map<String, String> out = new TreeMap<>();
    for (TextExposition.Sample sample : TextExposition.samples(families)) {
      out.put(sample.name() + new TreeMap<>(sample.labels()), Double.toString(sample.value()));
    }
    return out;
  }

  /** Every family as {@code name} to {@code type | help | unit}, in a sorted map. */
  private static Map<String, String> families(List<Family> families) {
    Map<String, String> out = new TreeMap<>();
    for (Family family : families) {
      out.put(family.name(), family.type() + " | " + family.help() + " | " + family.unit());
    }
    assertThat(Set.copyOf(out.keySet())).hasSameSizeAs(families);
    return out;
  }
}
