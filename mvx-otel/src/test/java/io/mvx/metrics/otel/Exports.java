package io.mvx.metrics.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.ValueKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reading what the SDK exported, and what the export mapping says it should be. */
final class Exports {

  static final AttributeKey<String> RECORDER = AttributeKey.stringKey("recorder");
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
  static final AttributeKey<Boolean> OVERFLOW = AttributeKey.booleanKey("otel.metric.overflow");

  private Exports() {}

  static OpenTelemetrySdk sdk(SdkMeterProvider meterProvider) {
    return OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build();
  }

  static Attributes recorder(String id) {
    return Attributes.of(RECORDER, id);
  }

  /** The one exported metric called {@code name}. */
  static MetricData metric(Collection<MetricData> data, String name) {
    List<MetricData> found = data.stream().filter(metric -> metric.getName().equals(name)).toList();
    assertThat(found).as("exported metrics named %s in %s", name, names(data)).hasSize(1);
    return found.get(0);
  }

  /**
   * Collects until every name is exported: registerMetric does not wait for the processing thread, so a
   * metric's instruments exist once the runtime has announced it, at the latest one collection later.
   */
  static Collection<MetricData> collectOnceAnnounced(
      io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader reader, String... names) {
    List<Collection<MetricData>> last = new java.util.ArrayList<>(1);
    org.awaitility.Awaitility.await().untilAsserted(() -> {
      Collection<MetricData> data = reader.collectAllMetrics();
      last.clear();
      last.add(data);
      assertThat(names(data)).contains(names);
    });
    return last.get(0);
  }

  static Set<String> names(Collection<MetricData> data) {
    return data.stream().map(MetricData::getName).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The points of a double sum or gauge by attributes; fails on a duplicate series. */
  static Map<Attributes, Double> points(MetricData metric) {
    Collection<DoublePointData> points = switch (metric.getType()) {
      case DOUBLE_SUM -> metric.getDoubleSumData().getPoints();
      case DOUBLE_GAUGE -> metric.getDoubleGaugeData().getPoints();
      default -> throw new AssertionError(metric.getName() + " is a " + metric.getType());
    };
    Map<Attributes, Double> byAttributes = new java.util.HashMap<>();
    for (DoublePointData point : points) {
      assertThat(byAttributes.put(point.getAttributes(), point.getValue()))
          .as("second point of %s with %s", metric.getName(), point.getAttributes())
          .isNull();
    }
    return byAttributes;
  }

  static double value(Collection<MetricData> data, String name, Attributes attributes) {
    Map<Attributes, Double> points = points(metric(data, name));
    assertThat(points).as("points of %s", name).containsKey(attributes);
    return points.get(attributes);
  }

  /** Every exported point except the runtime statistics: instrument name to attributes to value. */
  static Map<String, Map<Attributes, Double>> mvxPoints(Collection<MetricData> data) {
    Map<String, Map<Attributes, Double>> all = new TreeMap<>();
    for (MetricData metric : data) {
      if (!metric.getName().startsWith("mvx.runtime.")) {
        assertThat(all.put(metric.getName(), points(metric))).as("second %s", metric.getName()).isNull();
      }
    }
    return all;
  }

  /**
   * What the export mapping says {@code snapshot} exports, worked out here independently of the adapter:
   * instrument {@code M.D} minus a trailing {@code [._]total} for counters, attributes recorder + labels.
   */
  static Map<String, Map<Attributes, Double>> expected(RuntimeSnapshot snapshot) {
    Map<String, Map<Attributes, Double>> all = new TreeMap<>();
    snapshot.recorders().forEach((recorderId, metrics) -> {
      for (MetricSnapshot metric : metrics.values()) {
        for (MetricValue value : metric.values()) {
          String name = metric.name() + "." + value.dimension();
          if (value.kind() == ValueKind.COUNTER) {
            name = name.replaceFirst("[._]total$", "");
          }
          AttributesBuilder attributes = Attributes.builder().put(RECORDER, recorderId);
          value.labels().forEach(attributes::put);
          all.computeIfAbsent(name, n -> new java.util.HashMap<>()).put(attributes.build(), value.value());
        }
      }
    });
    return all;
  }
}
