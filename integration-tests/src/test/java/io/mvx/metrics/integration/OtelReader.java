package io.mvx.metrics.integration;

import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.util.Collection;
import java.util.OptionalDouble;

/** One collection of an OpenTelemetry reader, read back with API.md §5's instrument names. */
final class OtelReader implements SeriesReader {

  private final String namespace;
  private final Collection<MetricData> metrics;

  OtelReader(String namespace, Collection<MetricData> metrics) {
    this.namespace = namespace;
    this.metrics = metrics;
  }

  /** {@code M.D}; a counter loses a trailing {@code _total} or {@code .total}. */
  static String instrumentName(String metricName, MetricValue value) {
    String name = metricName + "." + value.dimension();
    if (value.kind() == ValueKind.COUNTER) {
      if (name.endsWith("_total") || name.endsWith(".total")) {
        name = name.substring(0, name.length() - "_total".length());
      }
    }
    return name;
  }

  @Override
  public OptionalDouble value(String recorderId, String metricName, MetricValue value) {
    AttributesBuilder attributes = Attributes.builder().put("recorder", recorderId);
    value.labels().forEach(attributes::put);
    MetricDataType type = value.kind() == ValueKind.COUNTER ? MetricDataType.DOUBLE_SUM : MetricDataType.DOUBLE_GAUGE;
    return point(instrumentName(metricName, value), type, attributes.build());
  }

  @Override
  public OptionalDouble runtimeStat(String stat) {
    String name = switch (stat) {
      case "handler_errors" -> "mvx.runtime.handler.errors";
      case "recorders" -> "mvx.runtime.recorders";
      default -> "mvx.runtime.events." + stat;
    };
    MetricDataType type = stat.equals("pending") || stat.equals("recorders")
        ? MetricDataType.DOUBLE_GAUGE : MetricDataType.DOUBLE_SUM;
    return point(name, type, Attributes.of(AttributeKey.stringKey("namespace"), namespace));
  }

  /** How many points carry {@code recorder=recorderId}. */
  long seriesOf(String recorderId) {
    AttributeKey<String> recorder = AttributeKey.stringKey("recorder");
    return metrics.stream()
        .flatMap(m -> m.getData().getPoints().stream())
        .filter(p -> recorderId.equals(p.getAttributes().get(recorder)))
        .count();
  }

  private OptionalDouble point(String name, MetricDataType type, Attributes attributes) {
    for (MetricData metric : metrics) {
      if (!metric.getName().equals(name) || !metric.getInstrumentationScopeInfo().getName().equals(namespace)
          && !name.startsWith("mvx.runtime.")) {
        continue;
      }
      if (metric.getType() != type) {
        return OptionalDouble.empty();
      }
      Collection<DoublePointData> points = type == MetricDataType.DOUBLE_SUM
          ? metric.getDoubleSumData().getPoints() : metric.getDoubleGaugeData().getPoints();
      for (DoublePointData point : points) {
        if (point.getAttributes().equals(attributes)) {
          return OptionalDouble.of(point.getValue());
        }
      }
    }
    return OptionalDouble.empty();
  }
}
