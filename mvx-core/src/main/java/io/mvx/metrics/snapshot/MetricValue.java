package io.mvx.metrics.snapshot;

import io.mvx.metrics.internal.Checks;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One value of a metric snapshot: a dimension (e.g. {@code success_total}), its kind, the number, optional
 * labels and, for a histogram, its distribution.
 *
 * <p>Counters must be finite and {@code >= 0}; gauges may be any double. A {@link ValueKind#HISTOGRAM} value
 * carries its {@link HistogramValue} in {@link #histogram()} and its number is the histogram's
 * {@link HistogramValue#count() count}; the label key {@code le} is reserved on histograms (Prometheus uses it
 * for the bucket bound), while counters and gauges may use it. Labels are copied and kept sorted by key, so
 * two values with the same labels are equal whatever map the caller passed.
 *
 * @param dimension the value's dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
 * @param kind counter, gauge or histogram
 * @param value the number; for a histogram its count
 * @param labels label keys ({@code [a-zA-Z_][a-zA-Z0-9_]*}, not {@code recorder}) to non-null values
 * @param histogram the distribution, present exactly when {@code kind} is {@link ValueKind#HISTOGRAM}
 */
public record MetricValue(
    String dimension, ValueKind kind, double value, Map<String, String> labels, Optional<HistogramValue> histogram) {

  /** Validates and copies the arguments. */
  public MetricValue {
    Checks.metricName(dimension, "dimension");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(histogram, "histogram");
    if (kind == ValueKind.COUNTER && !(Double.isFinite(value) && value >= 0)) {
      throw new IllegalArgumentException(
          value + ": counter value of dimension '" + dimension + "' must be finite and >= 0");
    }
    if ((kind == ValueKind.HISTOGRAM) != histogram.isPresent()) {
      throw new IllegalArgumentException(kind + ": dimension '" + dimension + "' "
          + (histogram.isPresent() ? "carries a histogram, so its kind must be HISTOGRAM"
              : "needs a HistogramValue: use MetricSnapshot.Builder.histogram(...)"));
    }
    if (histogram.isPresent() && value != histogram.get().count()) {
      throw new IllegalArgumentException(value + ": value of histogram dimension '" + dimension
          + "' must be its count (" + histogram.get().count() + ")");
    }
    if (labels.isEmpty()) {
      labels = Map.of();
    } else {
      TreeMap<String, String> sorted = new TreeMap<>();
      labels.forEach(
          (key, labelValue) -> {
            Checks.labelKey(key, "label key");
            Objects.requireNonNull(labelValue, "value of label " + key);
            sorted.put(key, Checks.validUnicode(labelValue, "value of label " + key));
          });
      labels = Collections.unmodifiableMap(sorted);
    }
  }

  /**
   * A counter or gauge value; a histogram needs {@link #MetricValue(String, ValueKind, double, Map, Optional)}
   * or {@link MetricSnapshot.Builder#histogram(String, HistogramValue, Map)}.
   */
  public MetricValue(String dimension, ValueKind kind, double value, Map<String, String> labels) {
    this(dimension, kind, value, labels, Optional.empty());
  }

  /** A counter or gauge value without labels. */
  public static MetricValue of(String dimension, ValueKind kind, double value) {
    return new MetricValue(dimension, kind, value, Map.of());
  }

  /** A histogram value: its number is the histogram's count. */
  static MetricValue ofHistogram(String dimension, HistogramValue histogram, Map<String, String> labels) {
    Objects.requireNonNull(histogram, "value");
    return new MetricValue(dimension, ValueKind.HISTOGRAM, histogram.count(), labels, Optional.of(histogram));
  }

  /**
   * The value in {@link MetricSnapshot#asMap()}: the number, or for a histogram the map
   * {@code {"count": n, "sum": s, "buckets": {...}}} that {@link MetricSnapshot#asMap()} describes.
   */
  Object displayValue() {
    if (histogram.isPresent()) {
      return histogram.get().toMap();
    }
    return value;
  }

  /** The key this value has in {@link MetricSnapshot#asMap()}: {@code dimension} or {@code dimension{k=v,...}}. */
  String displayKey() {
    if (labels.isEmpty()) {
      return dimension;
    }
    StringBuilder key = new StringBuilder(dimension).append('{');
    labels.forEach((k, v) -> key.append(k).append('=').append(v).append(','));
    key.setCharAt(key.length() - 1, '}');
    return key.toString();
  }
}
