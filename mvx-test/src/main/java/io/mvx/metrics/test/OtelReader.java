package io.mvx.metrics.test;

import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramBuckets;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** One collection of an OpenTelemetry metric reader, read back with the instrument names. */
public final class OtelReader implements SeriesReader {

  private static final AttributeKey<String> RECORDER = AttributeKey.stringKey("recorder");
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
  private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

  private final String namespace;
  private final Collection<MetricData> metrics;

  /**
   * Reads one collection.
   *
   * @param namespace the runtime's namespace (the meter's name)
   * @param metrics the collection, e.g. {@code InMemoryMetricReader.collectAllMetrics()}
   */
  public OtelReader(String namespace, Collection<MetricData> metrics) {
    this.namespace = namespace;
    this.metrics = metrics;
  }

  /**
   * The instrument name of a value: {@code M.D}, a counter's without a trailing {@code _total} or
   * {@code .total}.
   *
   * @param metricName the metric name
   * @param value the value
   * @return the instrument name
   */
  public static String instrumentName(String metricName, MetricValue value) {
    String name = metricName + "." + value.dimension();
    return value.kind() == ValueKind.COUNTER ? name.replaceAll("(?:[._]total)+$", "") : name;
  }

  @Override
  public OptionalDouble value(String recorderId, MetricSnapshot metric, MetricValue value) {
    if (value.kind() == ValueKind.HISTOGRAM) {
      return histogram(recorderId, metric, value).map(h -> OptionalDouble.of(h.count())).orElse(OptionalDouble.empty());
    }
    AttributesBuilder attributes = Attributes.builder().put(RECORDER, recorderId);
    value.labels().forEach(attributes::put);
    MetricDataType type = value.kind() == ValueKind.COUNTER ? MetricDataType.DOUBLE_SUM : MetricDataType.DOUBLE_GAUGE;
    return point(instrumentName(metric.name(), value), type, attributes.build());
  }

  /**
   * The point of histogram {@code M.D} with the series' attributes: explicit buckets (made cumulative) or
   * exponential ones, with count and sum.
   */
  @Override
  public Optional<ExportedHistogram> histogram(String recorderId, MetricSnapshot metric, MetricValue value) {
    AttributesBuilder builder = Attributes.builder().put(RECORDER, recorderId);
    value.labels().forEach(builder::put);
    Attributes attributes = builder.build();
    String name = instrumentName(metric.name(), value);
    for (MetricData data : metrics) {
      if (!data.getName().equals(name) || !data.getInstrumentationScopeInfo().getName().equals(namespace)) {
        continue;
      }
      if (data.getType() == MetricDataType.HISTOGRAM) {
        for (HistogramPointData point : data.getHistogramData().getPoints()) {
          if (point.getAttributes().equals(attributes)) {
            return Optional.of(explicit(point));
          }
        }
      } else if (data.getType() == MetricDataType.EXPONENTIAL_HISTOGRAM) {
        for (ExponentialHistogramPointData point : data.getExponentialHistogramData().getPoints()) {
          if (point.getAttributes().equals(attributes)) {
            return Optional.of(exponential(point));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static ExportedHistogram explicit(HistogramPointData point) {
    List<ExportedHistogram.Bucket> buckets = new ArrayList<>();
    long cumulative = 0;
    for (int i = 0; i < point.getCounts().size(); i++) {
      cumulative += point.getCounts().get(i);
      double bound = i < point.getBoundaries().size() ? point.getBoundaries().get(i) : Double.POSITIVE_INFINITY;
      buckets.add(new ExportedHistogram.Bucket(bound, cumulative));
    }
    return new ExportedHistogram(point.getCount(), point.getSum(), buckets, Optional.empty());
  }

  private static ExportedHistogram exponential(ExponentialHistogramPointData point) {
    ExponentialHistogramBuckets positive = point.getPositiveBuckets();
    ExponentialHistogramBuckets negative = point.getNegativeBuckets();
    ExponentialBuckets buckets = ExponentialBuckets.of(point.getScale(), point.getZeroCount(),
        positive.getOffset(), counts(positive), negative.getOffset(), counts(negative));
    return new ExportedHistogram(point.getCount(), point.getSum(), List.of(), Optional.of(buckets));
  }

  private static long[] counts(ExponentialHistogramBuckets buckets) {
    return buckets.getBucketCounts().stream().mapToLong(Long::longValue).toArray();
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
    return point(name, type, Attributes.of(NAMESPACE, namespace));
  }

  @Override
  public OptionalDouble skipped(String reason) {
    return point("mvx.runtime.collector.skipped", MetricDataType.DOUBLE_SUM,
        Attributes.of(NAMESPACE, namespace, REASON, reason));
  }

  @Override
  public long seriesOf(String recorderId) {
    return recorders().stream().filter(recorderId::equals).count();
  }

  /**
   * The recorder attribute of every point, once per point.
   *
   * @return the recorder ids
   */
  public List<String> recorders() {
    List<String> ids = new ArrayList<>();
    for (MetricData metric : metrics) {
      for (PointData point : metric.getData().getPoints()) {
        String id = point.getAttributes().get(RECORDER);
        if (id != null) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  /**
   * The double point of instrument {@code name} with exactly these attributes, whatever its type.
   *
   * @param name the instrument name
   * @param attributes all of its attributes
   * @return the value, or empty
   */
  public OptionalDouble value(String name, Attributes attributes) {
    for (MetricData metric : metrics) {
      if (metric.getName().equals(name)) {
        for (DoublePointData point : points(metric)) {
          if (point.getAttributes().equals(attributes)) {
            return OptionalDouble.of(point.getValue());
          }
        }
      }
    }
    return OptionalDouble.empty();
  }

  /**
   * The double points of a metric, whatever its type.
   *
   * @param metric a metric of the collection
   * @return its points
   */
  public static Collection<DoublePointData> points(MetricData metric) {
    if (metric.getType() == MetricDataType.DOUBLE_SUM) {
      return metric.getDoubleSumData().getPoints();
    }
    if (metric.getType() == MetricDataType.DOUBLE_GAUGE) {
      return metric.getDoubleGaugeData().getPoints();
    }
    throw new AssertionError(metric.getName() + " has unexpected type " + metric.getType());
  }

  private OptionalDouble point(String name, MetricDataType type, Attributes attributes) {
    for (MetricData metric : metrics) {
      boolean ours = metric.getInstrumentationScopeInfo().getName().equals(namespace) || name.startsWith("mvx.runtime.");
      if (!metric.getName().equals(name) || !ours) {
        continue;
      }
      if (metric.getType() != type) {
        return OptionalDouble.empty();
      }
      for (DoublePointData point : points(metric)) {
        if (point.getAttributes().equals(attributes)) {
          return OptionalDouble.of(point.getValue());
        }
      }
    }
    return OptionalDouble.empty();
  }
}
