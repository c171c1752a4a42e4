package io.mvx.metrics.snapshot;

import io.mvx.metrics.internal.Checks;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One value of a metric snapshot: a dimension (e.g. {@code success_total}), its kind, the number and
 * optional labels.
 *
 * <p>Counters must be finite and {@code >= 0}; gauges may be any double. Labels are copied and kept
 * sorted by key, so two values with the same labels are equal whatever map the caller passed.
 *
 * @param dimension the value's dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
 * @param kind counter or gauge
 * @param value the number
 * @param labels label keys ({@code [a-zA-Z_][a-zA-Z0-9_]*}, not {@code recorder}) to non-null values
 */
public record MetricValue(String dimension, ValueKind kind, double value, Map<String, String> labels) {

  /** Validates and copies the arguments. */
  public MetricValue {
    Checks.metricName(dimension, "dimension");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(labels, "labels");
    if (kind == ValueKind.COUNTER && !(Double.isFinite(value) && value >= 0)) {
      throw new IllegalArgumentException(
          value + ": counter value of dimension '" + dimension + "' must be finite and >= 0");
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

  /** A value without labels. */
  public static MetricValue of(String dimension, ValueKind kind, double value) {
    return new MetricValue(dimension, kind, value, Map.of());
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
