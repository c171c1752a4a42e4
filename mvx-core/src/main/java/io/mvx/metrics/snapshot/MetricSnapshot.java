package io.mvx.metrics.snapshot;

import io.mvx.metrics.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The public state of one metric at one moment, built by the metric itself in {@code snapshot()}.
 *
 * <p>Immutable and value-based. Within one snapshot every dimension keeps one kind and one set of label
 * keys, and no (dimension, labels) pair appears twice; the builder rejects anything else, so adapters can
 * export every snapshot as it is.
 *
 * <pre>{@code
 * MetricSnapshot.builder("document_storage.save.attempts")
 *     .description("Document save attempts by outcome")
 *     .unit("1")
 *     .counter("total", total)
 *     .counter("success_total", successes)
 *     .counter("failure_total", failures)
 *     .build();
 * }</pre>
 */
public final class MetricSnapshot {

  private final String name;
  private final String description;
  private final String unit;
  private final List<MetricValue> values;

  private MetricSnapshot(Builder builder) {
    this.name = builder.name;
    this.description = builder.description;
    this.unit = builder.unit;
    this.values = List.copyOf(builder.values);
  }

  /**
   * Starts a snapshot of the metric called {@code name}.
   *
   * @param name the metric name, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
   * @return a builder for the snapshot
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} does not match the pattern
   */
  public static Builder builder(String name) {
    return new Builder(Checks.metricName(name, "name"));
  }

  /**
   * The metric name.
   *
   * @return the metric name
   */
  public String name() {
    return name;
  }

  /**
   * A human-readable description; empty when the metric gave none.
   *
   * @return the description, never null
   */
  public String description() {
    return description;
  }

  /**
   * The UCUM-style unit ({@code ms}, {@code s}, {@code By}, {@code 1}); empty when the metric gave none.
   *
   * @return the unit, never null
   */
  public String unit() {
    return unit;
  }

  /**
   * Every value, in the order the metric added them.
   *
   * @return the values, unmodifiable
   */
  public List<MetricValue> values() {
    return values;
  }

  /**
   * The unlabelled value of {@code dimension}, or empty when there is none.
   *
   * @param dimension the dimension to look up, e.g. {@code success_total}
   * @return the number of the dimension's unlabelled value (for a histogram its count), or empty
   */
  public OptionalDouble value(String dimension) {
    for (MetricValue value : values) {
      if (value.dimension().equals(dimension) && value.labels().isEmpty()) {
        return OptionalDouble.of(value.value());
      }
    }
    return OptionalDouble.empty();
  }

  /**
   * The snapshot in the original library's shape: {@code {"name": ..., "dimensions": {dimension: number}}}.
   * Labelled values appear under {@code dimension{k=v,...}} keys. The maps are unmodifiable and ordered.
   *
   * <p>A histogram appears as a map instead of a number:
   * {@code {"count": n, "sum": s, "buckets": {"0.005": c1, ..., "+Inf": n}}}, where the counts are
   * cumulative {@code Long}s and each bound is written as simpleclient writes its {@code le} label
   * ({@link Double#toString(double)}: {@code "0.005"}, {@code "1.0"}). When the histogram keeps exponential
   * buckets, the map also holds {@code "exponential": {"scale": s, "zero_count": z, "zero_threshold": 0.0,
   * "positive": {"offset": o, "counts": [...]}, "negative": {"offset": o, "counts": [...]}}} (counts per
   * bucket, not cumulative; see {@link ExponentialBuckets}).
   *
   * @return the snapshot as nested, unmodifiable maps
   */
  public Map<String, Object> asMap() {
    Map<String, Object> dimensions = new LinkedHashMap<>();
    for (MetricValue value : values) {
      dimensions.put(value.displayKey(), value.displayValue());
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", name);
    map.put("dimensions", Collections.unmodifiableMap(dimensions));
    return Collections.unmodifiableMap(map);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MetricSnapshot that
        && name.equals(that.name)
        && description.equals(that.description)
        && unit.equals(that.unit)
        && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, description, unit, values);
  }

  @Override
  public String toString() {
    return "MetricSnapshot" + asMap();
  }

  /** Collects the values of a {@link MetricSnapshot}; not thread-safe, use one per snapshot. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private String unit = "";
    private final List<MetricValue> values = new ArrayList<>();
    /** Built only once a snapshot has more than {@link #LINEAR} values; below that, linear scans are cheaper. */
    private Map<String, MetricValue> firstByDimension;
    private Set<Series> series;
    private static final int LINEAR = 16;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the description exported as HELP / description.
     *
     * @param description the description; empty by default
     * @return this builder
     * @throws NullPointerException if {@code description} is null
     */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * Sets the UCUM-style unit: {@code ms}, {@code s}, {@code By}, {@code 1}, ...
     *
     * @param unit the unit, stripped of surrounding whitespace; empty by default
     * @return this builder
     * @throws NullPointerException if {@code unit} is null
     */
    public Builder unit(String unit) {
      this.unit = Objects.requireNonNull(unit, "unit").strip();
      return this;
    }

    /**
     * Adds an unlabelled monotonic total; {@code value} must be finite and {@code >= 0}.
     *
     * @param dimension the dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
     * @param value the total
     * @return this builder
     * @throws IllegalArgumentException if an argument is invalid, or the value clashes with one already added
     *     (see {@link #add(MetricValue)})
     */
    public Builder counter(String dimension, double value) {
      return add(new MetricValue(dimension, ValueKind.COUNTER, value, Map.of()));
    }

    /**
     * Adds a labelled monotonic total; {@code value} must be finite and {@code >= 0}.
     *
     * @param dimension the dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
     * @param value the total
     * @param labels label keys to values, as {@link MetricValue} checks them; copied
     * @return this builder
     * @throws IllegalArgumentException if an argument is invalid, or the value clashes with one already added
     *     (see {@link #add(MetricValue)})
     */
    public Builder counter(String dimension, double value, Map<String, String> labels) {
      return add(new MetricValue(dimension, ValueKind.COUNTER, value, labels));
    }

    /**
     * Adds a labelled monotonic total with an exemplar: an increment linked to the trace it happened in.
     *
     * <pre>{@code
     * builder.counter("total", total, Map.of("outcome", "success"),
     *     new Exemplar(trace.traceId(), trace.spanId(), 1, epochMillis));
     * }</pre>
     *
     * @param dimension the dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
     * @param value the total, finite and {@code >= 0}
     * @param labels label keys to values, as {@link MetricValue} checks them; copied; {@code Map.of()} for none
     * @param exemplar the counter's exemplar
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if an argument is invalid, or the value clashes with one already added
     *     (see {@link #add(MetricValue)})
     */
    public Builder counter(String dimension, double value, Map<String, String> labels, Exemplar exemplar) {
      return add(MetricValue.ofCounter(dimension, value, labels, exemplar));
    }

    /**
     * Adds an unlabelled value that goes up and down.
     *
     * @param dimension the dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
     * @param value the current value, any double
     * @return this builder
     * @throws IllegalArgumentException if {@code dimension} is invalid, or the value clashes with one already
     *     added (see {@link #add(MetricValue)})
     */
    public Builder gauge(String dimension, double value) {
      return add(new MetricValue(dimension, ValueKind.GAUGE, value, Map.of()));
    }

    /**
     * Adds a labelled value that goes up and down.
     *
     * @param dimension the dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
     * @param value the current value, any double
     * @param labels label keys to values, as {@link MetricValue} checks them; copied
     * @return this builder
     * @throws IllegalArgumentException if an argument is invalid, or the value clashes with one already added
     *     (see {@link #add(MetricValue)})
     */
    public Builder gauge(String dimension, double value, Map<String, String> labels) {
      return add(new MetricValue(dimension, ValueKind.GAUGE, value, labels));
    }

    /**
     * Adds an unlabelled distribution; its number ({@link MetricValue#value()}) is the count.
     *
     * <pre>{@code
     * builder.histogram("duration", durationHistogram.snapshot());
     * }</pre>
     *
     * @param dimension the dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
     * @param value the distribution
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code dimension} is invalid, or the value clashes with one already
     *     added (see {@link #add(MetricValue)})
     */
    public Builder histogram(String dimension, HistogramValue value) {
      return add(MetricValue.ofHistogram(dimension, value, Map.of()));
    }

    /**
     * Adds a labelled distribution; the label key {@code le} is reserved for the bucket bound.
     *
     * @param dimension the dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
     * @param value the distribution
     * @param labels label keys to values, as {@link MetricValue} checks them; copied
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if an argument is invalid, or the value clashes with one already added
     *     (see {@link #add(MetricValue)})
     */
    public Builder histogram(String dimension, HistogramValue value, Map<String, String> labels) {
      return add(MetricValue.ofHistogram(dimension, value, labels));
    }

    /**
     * Adds a value built elsewhere.
     *
     * @param value the value
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if the value's dimension already has another kind or other label keys, or
     *     a value with the same dimension and labels is already present
     */
    public Builder add(MetricValue value) {
      Objects.requireNonNull(value, "value");
      if (firstByDimension == null && values.size() >= LINEAR) {
        firstByDimension = new HashMap<>();
        series = new HashSet<>();
        for (MetricValue earlier : values) {
          firstByDimension.putIfAbsent(earlier.dimension(), earlier);
          series.add(new Series(earlier.dimension(), earlier.labels()));
        }
      }
      MetricValue first = firstByDimension != null
          ? firstByDimension.putIfAbsent(value.dimension(), value) : firstLinear(value.dimension());
      if (first != null) {
        if (first.kind() != value.kind()) {
          throw new IllegalArgumentException(
              value.kind() + ": dimension '" + value.dimension() + "' of " + name
                  + " is already a " + first.kind());
        }
        if (!first.labels().keySet().equals(value.labels().keySet())) {
          throw new IllegalArgumentException(
              value.labels().keySet() + ": label keys of dimension '" + value.dimension() + "' of "
                  + name + " must be " + first.labels().keySet());
        }
      }
      boolean duplicate = series != null
          ? !series.add(new Series(value.dimension(), value.labels())) : containsLinear(value);
      if (duplicate) {
        throw new IllegalArgumentException(
            value.displayKey() + ": value of " + name + " is already present");
      }
      values.add(value);
      return this;
    }

    private MetricValue firstLinear(String dimension) {
      for (MetricValue earlier : values) {
        if (earlier.dimension().equals(dimension)) {
          return earlier;
        }
      }
      return null;
    }

    private boolean containsLinear(MetricValue value) {
      for (MetricValue earlier : values) {
        if (earlier.dimension().equals(value.dimension()) && earlier.labels().equals(value.labels())) {
          return true;
        }
      }
      return false;
    }

    /**
     * Builds the immutable snapshot.
     *
     * @return the snapshot of the values added so far
     */
    public MetricSnapshot build() {
      return new MetricSnapshot(this);
    }
  }

  private record Series(String dimension, Map<String, String> labels) {}
}
