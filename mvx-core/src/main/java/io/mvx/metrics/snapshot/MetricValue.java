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
 * {@link HistogramValue#count() count}. The label keys {@code le} and {@code quantile} are reserved on every kind
 * (Prometheus uses them for bucket bounds and quantiles), as is {@code recorder} (the recorder id). Labels are
 * copied and kept sorted by key, so two values with the same labels are equal whatever map the caller passed.
 *
 * <p>A counter may carry one {@link Exemplar} in {@link #exemplar()}: an increment linked to the trace it
 * happened in (the latest, or one the metric sampled). A histogram carries its exemplars per bucket in its
 * {@link HistogramValue}; a gauge carries none.
 *
 * @param dimension the value's dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
 * @param kind counter, gauge or histogram
 * @param value the number; for a histogram its count
 * @param labels label keys ({@code [a-zA-Z_][a-zA-Z0-9_]*}, not {@code recorder}) to non-null values
 * @param histogram the distribution, present exactly when {@code kind} is {@link ValueKind#HISTOGRAM}
 * @param exemplar a counter's exemplar, or empty; always empty for the other kinds
 */
public record MetricValue(String dimension, ValueKind kind, double value, Map<String, String> labels,
    Optional<HistogramValue> histogram, Optional<Exemplar> exemplar) {

  /**
   * Validates and copies the arguments.
   *
   * @param dimension the value's dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
   * @param kind counter, gauge or histogram
   * @param value the number: finite and {@code >= 0} for a counter, the histogram's count for a histogram
   * @param labels label keys ({@code [a-zA-Z_][a-zA-Z0-9_]*}, not {@code recorder}) to non-null values; copied
   * @param histogram the distribution, present exactly when {@code kind} is {@link ValueKind#HISTOGRAM}
   * @param exemplar an exemplar, only for a {@link ValueKind#COUNTER}; else empty
   * @throws NullPointerException if an argument, a label key or a label value is null
   * @throws IllegalArgumentException if an argument breaks these rules; the message leads with the bad value
   */
  public MetricValue {
    Checks.metricName(dimension, "dimension");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(histogram, "histogram");
    Objects.requireNonNull(exemplar, "exemplar");
    if (exemplar.isPresent() && kind != ValueKind.COUNTER) {
      throw new IllegalArgumentException(kind + ": dimension '" + dimension + "' carries an exemplar, which only "
          + "a COUNTER value can (a histogram carries its exemplars per bucket in its HistogramValue)");
    }
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
   * A value without an exemplar.
   *
   * @param dimension the value's dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
   * @param kind counter, gauge or histogram
   * @param value the number: finite and {@code >= 0} for a counter, the histogram's count for a histogram
   * @param labels label keys to non-null values, as the canonical constructor checks them; copied
   * @param histogram the distribution, present exactly when {@code kind} is {@link ValueKind#HISTOGRAM}
   * @throws NullPointerException if an argument, a label key or a label value is null
   * @throws IllegalArgumentException if an argument breaks the canonical constructor's rules
   */
  public MetricValue(
      String dimension, ValueKind kind, double value, Map<String, String> labels, Optional<HistogramValue> histogram) {
    this(dimension, kind, value, labels, histogram, Optional.empty());
  }

  /**
   * A counter or gauge value; a histogram needs {@link #MetricValue(String, ValueKind, double, Map, Optional)}
   * or {@link MetricSnapshot.Builder#histogram(String, HistogramValue, Map)}.
   *
   * @param dimension the value's dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
   * @param kind {@link ValueKind#COUNTER} or {@link ValueKind#GAUGE}
   * @param value the number; finite and {@code >= 0} for a counter
   * @param labels label keys to non-null values, as the canonical constructor checks them; copied
   * @throws NullPointerException if an argument, a label key or a label value is null
   * @throws IllegalArgumentException if an argument is invalid or {@code kind} is {@link ValueKind#HISTOGRAM}
   */
  public MetricValue(String dimension, ValueKind kind, double value, Map<String, String> labels) {
    this(dimension, kind, value, labels, Optional.empty());
  }

  /**
   * A counter or gauge value without labels.
   *
   * @param dimension the value's dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
   * @param kind {@link ValueKind#COUNTER} or {@link ValueKind#GAUGE}
   * @param value the number; finite and {@code >= 0} for a counter
   * @return the value
   * @throws NullPointerException if {@code dimension} or {@code kind} is null
   * @throws IllegalArgumentException if an argument is invalid or {@code kind} is {@link ValueKind#HISTOGRAM}
   */
  public static MetricValue of(String dimension, ValueKind kind, double value) {
    return new MetricValue(dimension, kind, value, Map.of());
  }

  /** A counter value with an exemplar. */
  static MetricValue ofCounter(String dimension, double value, Map<String, String> labels, Exemplar exemplar) {
    Objects.requireNonNull(exemplar, "exemplar");
    return new MetricValue(dimension, ValueKind.COUNTER, value, labels, Optional.empty(), Optional.of(exemplar));
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
