package io.mvx.metrics.reliability;

import io.mvx.metrics.test.TextExposition;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.micrometer.MvxMeterBinder;
import io.mvx.metrics.otel.MvxOtelMetrics;
import io.mvx.metrics.prometheus.MvxCollector;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * One runtime exported through all three real adapters, each read the way its backend reads it:
 * Prometheus ({@link MvxCollector} in a {@link CollectorRegistry}, rendered with
 * {@link TextFormat#write004} and parsed back strictly), Micrometer ({@link MvxMeterBinder} in a
 * {@link SimpleMeterRegistry}, every meter measured) and OpenTelemetry ({@link MvxOtelMetrics} with an
 * {@link InMemoryMetricReader}). Thread-safe: several threads may scrape at once.
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

  /**
   * Reads every meter of the registry, as a registry publishing them would; fails on a NaN (API.md: meters
   * never read NaN).
   *
   * @return the number of meters read
   */
  int readMicrometer() {
    return readMicrometer(false);
  }

  /** Reads every meter; {@code gaugesMayBeNaN} when a metric legitimately reports a NaN gauge. */
  int readMicrometer(boolean gaugesMayBeNaN) {
    List<Meter> meters = meterRegistry.getMeters();
    for (Meter meter : meters) {
      for (Measurement measurement : meter.measure()) {
        if (Double.isNaN(measurement.getValue()) && !(gaugesMayBeNaN && meter instanceof Gauge)) {
          throw new AssertionError(meter.getId() + " read NaN");
        }
      }
    }
    return meters.size();
  }

  /** The meter with exactly this name and these tags (the {@code recorder} tag included), or null. */
  Meter micrometerMeter(String name, Map<String, String> tags) {
    for (Meter meter : meterRegistry.getMeters()) {
      if (meter.getId().getName().equals(name) && tagsOf(meter).equals(tags)) {
        return meter;
      }
    }
    return null;
  }

  /** The value of the meter with exactly this name and these tags (the {@code recorder} tag included). */
  OptionalDouble micrometerValue(String name, Map<String, String> tags) {
    for (Meter meter : meterRegistry.getMeters()) {
      if (meter.getId().getName().equals(name) && tagsOf(meter).equals(tags)) {
        if (meter instanceof FunctionCounter counter) {
          return OptionalDouble.of(counter.count());
        }
        if (meter instanceof Gauge gauge) {
          return OptionalDouble.of(gauge.value());
        }
        throw new AssertionError(meter.getId() + " is neither a FunctionCounter nor a Gauge");
      }
    }
    return OptionalDouble.empty();
  }

  /** A runtime statistic of this namespace, e.g. {@code mvx.runtime.events.dropped}. */
  double micrometerStat(String name) {
    return micrometerValue(name, Map.of("namespace", namespace)).orElseThrow(
        () -> new AssertionError(name + " missing from the meter registry"));
  }

  /** The ids of every recorder that still has a meter. */
  List<String> micrometerRecorders() {
    List<String> ids = new ArrayList<>();
    for (Meter meter : meterRegistry.getMeters()) {
      String id = meter.getId().getTag("recorder");
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }

  static Map<String, String> tagsOf(Meter meter) {
    Map<String, String> tags = new HashMap<>();
    for (Tag tag : meter.getId().getTags()) {
      tags.put(tag.getKey(), tag.getValue());
    }
    return tags;
  }

  // ---- OpenTelemetry ----

  /** One collection of the in-memory reader. */
  Collection<MetricData> otel() {
    return otelReader.collectAllMetrics();
  }

  /** The double point of instrument {@code name} with exactly these attributes. */
  static OptionalDouble otelValue(Collection<MetricData> collection, String name, Attributes attributes) {
    for (MetricData metric : collection) {
      if (!metric.getName().equals(name)) {
        continue;
      }
      for (DoublePointData point : points(metric)) {
        if (point.getAttributes().equals(attributes)) {
          return OptionalDouble.of(point.getValue());
        }
      }
    }
    return OptionalDouble.empty();
  }

  /** A runtime statistic of this namespace, e.g. {@code mvx.runtime.events.dropped}. */
  double otelStat(Collection<MetricData> collection, String name) {
    return otelValue(collection, name, Attributes.of(NAMESPACE, namespace)).orElseThrow(
        () -> new AssertionError(name + " missing from the OpenTelemetry collection"));
  }

  /** The double points of a metric, whatever its type. */
  static Collection<DoublePointData> points(MetricData metric) {
    if (metric.getType() == MetricDataType.DOUBLE_SUM) {
      return metric.getDoubleSumData().getPoints();
    }
    if (metric.getType() == MetricDataType.DOUBLE_GAUGE) {
      return metric.getDoubleGaugeData().getPoints();
    }
    throw new AssertionError(metric.getName() + " has unexpected type " + metric.getType());
  }

  /** The recorder attribute of every point in a collection. */
  static List<String> otelRecorders(Collection<MetricData> collection) {
    List<String> ids = new ArrayList<>();
    for (MetricData metric : collection) {
      for (DoublePointData point : points(metric)) {
        String id = point.getAttributes().get(RECORDER);
        if (id != null) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  @Override
  public void close() {
    otel.close();
    meterProvider.shutdown().join(10, TimeUnit.SECONDS);
    binder.close();
    meterRegistry.close();
  }
}
