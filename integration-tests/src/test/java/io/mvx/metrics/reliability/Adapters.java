package io.mvx.metrics.reliability;

import io.mvx.metrics.test.TextExposition;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.micrometer.MvxMeterBinder;
import io.mvx.metrics.otel.MvxOtelMetrics;
import io.mvx.metrics.prometheus.MvxCollector;
import io.mvx.metrics.test.MicrometerReader;
import io.mvx.metrics.test.OtelReader;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * One runtime exported through all three real adapters, each read the way its backend reads it, with the
 * test kit's readers ({@code mvx-test}): Prometheus ({@link MvxCollector} in a {@link CollectorRegistry},
 * rendered with {@link TextFormat#write004} and parsed back strictly by {@link TextExposition}), Micrometer
 * ({@link MvxMeterBinder} in a {@link SimpleMeterRegistry}, read by {@link MicrometerReader}) and
 * OpenTelemetry ({@link MvxOtelMetrics} with an {@link InMemoryMetricReader}, read by {@link OtelReader}).
 * Thread-safe: several threads may scrape at once.
 */
final class Adapters implements AutoCloseable {

  static final AttributeKey<String> RECORDER = AttributeKey.stringKey("recorder");
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");

  final String namespace;
  private final CollectorRegistry prometheusRegistry = new CollectorRegistry();
  final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
  private final InMemoryMetricReader otelReader = InMemoryMetricReader.create();
  private final MvxMeterBinder binder;
  private final SdkMeterProvider meterProvider;
  private final MvxOtelMetrics otel;

  private Adapters(MetricsRuntime runtime, Duration micrometerStaleness) {
    this.namespace = runtime.namespace();
    new MvxCollector(runtime).register(prometheusRegistry);
    binder = MvxMeterBinder.builder(runtime).staleness(micrometerStaleness).build();
    binder.bindTo(meterRegistry);
    meterProvider = SdkMeterProvider.builder().registerMetricReader(otelReader).build();
    otel = MvxOtelMetrics.register(runtime,
        OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build());
  }

  /** Binds all three adapters to {@code runtime}; Micrometer reuses a snapshot for {@code staleness}. */
  static Adapters attach(MetricsRuntime runtime, Duration micrometerStaleness) {
    return new Adapters(runtime, micrometerStaleness);
  }

  // ---- Prometheus ----

  /** One scrape in text format 0.0.4, as the bytes a server would send decoded again (UTF-8). */
  String prometheusText() {
    StringWriter out = new StringWriter();
    try {
      TextFormat.write004(out, prometheusRegistry.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new String(out.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  /** One scrape, parsed strictly. */
  TextExposition prometheus() {
    return TextExposition.parse(prometheusText());
  }

  /** A runtime statistic of this namespace in a scrape, e.g. {@code mvx_runtime_events_dropped_total}. */
  double prometheusStat(TextExposition scrape, String sample) {
    return scrape.value(sample, Map.of("namespace", namespace)).orElseThrow(
        () -> new AssertionError(sample + " missing from the scrape"));
  }

  // ---- Micrometer ----

  /** The registry read as a Micrometer registry is read (the kit's reader). */
  MicrometerReader micrometer() {
    return new MicrometerReader(namespace, meterRegistry);
  }

  /**
   * Reads every meter of the registry, as a registry publishing them would; fails on a NaN (meters never
   * read NaN).
   *
   * @return the number of meters read
   */
  int readMicrometer() {
    return readMicrometer(false);
  }

  /** Reads every meter; {@code gaugesMayBeNaN} when a metric legitimately reports a NaN gauge. */
  int readMicrometer(boolean gaugesMayBeNaN) {
    return micrometer().readAll(gaugesMayBeNaN);
  }

  /** The meter with exactly this name and these tags (the {@code recorder} tag included), or null. */
  Meter micrometerMeter(String name, Map<String, String> tags) {
    return micrometer().meter(name, tags);
  }

  /** The value of the meter with exactly this name and these tags (the {@code recorder} tag included). */
  OptionalDouble micrometerValue(String name, Map<String, String> tags) {
    return MicrometerReader.read(micrometerMeter(name, tags));
  }

  /** A runtime statistic of this namespace, e.g. {@code mvx.runtime.events.dropped}. */
  double micrometerStat(String name) {
    return micrometerValue(name, Map.of("namespace", namespace)).orElseThrow(
        () -> new AssertionError(name + " missing from the meter registry"));
  }

  /** The ids of every recorder that still has a meter. */
  List<String> micrometerRecorders() {
    return micrometer().recorders();
  }

  static Map<String, String> tagsOf(Meter meter) {
    return MicrometerReader.tagsOf(meter);
  }

  // ---- OpenTelemetry ----

  /** One collection of the in-memory reader. */
  Collection<MetricData> otel() {
    return otelReader.collectAllMetrics();
  }

  /** The double point of instrument {@code name} with exactly these attributes. */
  static OptionalDouble otelValue(Collection<MetricData> collection, String name, Attributes attributes) {
    return new OtelReader("", collection).value(name, attributes);
  }

  /** A runtime statistic of this namespace, e.g. {@code mvx.runtime.events.dropped}. */
  double otelStat(Collection<MetricData> collection, String name) {
    return otelValue(collection, name, Attributes.of(NAMESPACE, namespace)).orElseThrow(
        () -> new AssertionError(name + " missing from the OpenTelemetry collection"));
  }

  /** The double points of a metric, whatever its type. */
  static Collection<DoublePointData> points(MetricData metric) {
    return OtelReader.points(metric);
  }

  /** The recorder attribute of every point in a collection. */
  static List<String> otelRecorders(Collection<MetricData> collection) {
    return new OtelReader("", collection).recorders();
  }

  @Override
  public void close() {
    otel.close();
    meterProvider.shutdown().join(10, TimeUnit.SECONDS);
    binder.close();
    meterRegistry.close();
  }
}
