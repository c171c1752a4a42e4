package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.micrometer.MvxMeterBinder;
import io.mvx.metrics.otel.MvxOtelMetrics;
import io.mvx.metrics.prometheus.MvxCollector;
import io.mvx.metrics.test.TestMetrics;
import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.test.TextExposition.Sample;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.prometheus.client.CollectorRegistry;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One value has one Prometheus name whichever road it takes: {@link MvxCollector}, {@link MvxMeterBinder} in
 * Micrometer's {@link PrometheusMeterRegistry} (client_java 1.x), and the OpenTelemetry road translated by
 * the specification's rules for Prometheus (unit suffix, {@code _total} on monotonic sums; the namespace,
 * which OpenTelemetry carries as the instrumentation scope, put in front).
 */
class OnePrometheusNameTest {

  private final MetricsRuntime runtime = MetricsRuntime.builder("app").logPolicy(LogPolicy.SILENT).build();

  @BeforeEach
  void startRuntime() {
    runtime.start();
    RuntimeRecorder connection = runtime.createRecorder("connection-1");
    connection.registerMetric(TestMetrics.fixed("tcp.received", s -> s.unit("By")
        .counter("bytes_total", 1200).gauge("buffered", 5)));
    connection.registerMetric(TestMetrics.fixed("save.duration", s -> s.unit("s")
        .counter("seconds_total", 2.5).gauge("average", 0.5)));
    connection.registerMetric(TestMetrics.fixed("wait", s -> s.unit("ms").gauge("last", 7)));
    connection.registerMetric(TestMetrics.fixed("save.attempts", s -> s
        .counter("total", 3).counter("success_total", 2).gauge("ratio", 0.66)));
    connection.registerMetric(TestMetrics.fixed("http", s -> s.unit("{request}")
        .counter("requests", 4, Map.of("status", "200")).counter("requests", 1, Map.of("status", "503"))));
  }

  @AfterEach
  void closeRuntime() {
    runtime.close();
  }

  @Test
  void mvxCollector_andMicrometersPrometheusRegistry_writeTheSameSeries() {
    CollectorRegistry simpleclient = new CollectorRegistry();
    new MvxCollector(runtime).register(simpleclient);
    PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (MvxMeterBinder binder = new MvxMeterBinder(runtime)) {
      binder.bindTo(micrometer);

      Map<String, Double> collector = recorderSeries(TextExposition.write004(simpleclient));
      Map<String, Double> registry = recorderSeries(micrometer.scrape());

      assertThat(registry).isEqualTo(collector);
      assertThat(collector).containsEntry("app_tcp_received_bytes_total{recorder=connection-1}", 1200.0)
          .containsEntry("app_tcp_received_buffered_bytes{recorder=connection-1}", 5.0)
          .containsEntry("app_save_duration_seconds_total{recorder=connection-1}", 2.5)
          .containsEntry("app_save_duration_average_seconds{recorder=connection-1}", 0.5)
          .containsEntry("app_wait_last_milliseconds{recorder=connection-1}", 7.0)
          .containsEntry("app_save_attempts_total{recorder=connection-1}", 3.0)
          .containsEntry("app_save_attempts_success_total{recorder=connection-1}", 2.0)
          .containsEntry("app_http_requests_total{recorder=connection-1, status=503}", 1.0)
          .containsEntry("app_save_attempts_ratio{recorder=connection-1}", 0.66)
          .hasSize(10);
    } finally {
      micrometer.close();
    }
  }

  @Test
  void theOpenTelemetryRoad_translatedByTheSpecification_givesTheSameNames() {
    CollectorRegistry simpleclient = new CollectorRegistry();
    new MvxCollector(runtime).register(simpleclient);
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    MvxOtelMetrics registration =
        MvxOtelMetrics.register(runtime, OpenTelemetrySdk.builder().setMeterProvider(provider).build());
    try {
      Set<String> otel = new TreeSet<>();
      for (MetricData metric : reader.collectAllMetrics()) {
        if (metric.getInstrumentationScopeInfo().getName().equals("app") && !metric.getName().startsWith("mvx.")) {
          otel.add(prometheusName("app", metric));
        }
      }

      Set<String> collector = new TreeSet<>();
      recorderSeries(TextExposition.write004(simpleclient)).keySet()
          .forEach(series -> collector.add(series.substring(0, series.indexOf('{'))));
      assertThat(otel).isEqualTo(collector);
    } finally {
      registration.close();
      provider.close();
    }
  }

  /**
   * The OpenTelemetry specification's Prometheus name of a metric (compatibility, "Metric Metadata"):
   * characters outside {@code [a-zA-Z0-9_:]} become {@code _}, the unit's Prometheus word is appended unless
   * the name ends with it (annotations in braces dropped), and a monotonic sum gets {@code _total}.
   */
  private static String prometheusName(String scope, MetricData metric) {
    String name = (scope + "." + metric.getName()).replaceAll("[^a-zA-Z0-9_:]", "_");
    String unit = switch (metric.getUnit().replaceAll("\\{[^}]*}", "")) {
      case "By" -> "bytes";
      case "s" -> "seconds";
      case "ms" -> "milliseconds";
      case "", "1" -> "";
      default -> metric.getUnit();
    };
    if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
      name = name + "_" + unit;
    }
    boolean monotonicSum = metric.getType() == MetricDataType.DOUBLE_SUM && metric.getDoubleSumData().isMonotonic();
    return monotonicSum ? name + "_total" : name;
  }

  /** The samples of a 0.0.4 scrape that carry a {@code recorder} label, as {@code name{k=v, ...}} to value. */
  private static Map<String, Double> recorderSeries(String scrape) {
    Map<String, Double> series = new TreeMap<>();
    for (Sample sample : TextExposition.parse(scrape).samples()) {
      if (sample.labels().containsKey("recorder") && !sample.name().endsWith("_created")) {
        series.put(sample.name() + new TreeMap<>(sample.labels()), sample.value());
      }
    }
    return series;
  }
}
