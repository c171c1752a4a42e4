package io.mvx.metrics.otel;

import io.mvx.metrics.snapshot.ValueKind;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import java.util.Arrays;

/**
 * One observable instrument and the points it reports in the current collection.
 *
 * <p>An instrument is fed by exactly one source, a metric name and dimension (or the runtime's
 * statistics), in any number of recorders: every series of one collection then has distinct attributes,
 * so no series is ever recorded twice. The point buffer is reused across collections and is only touched
 * under the collector's lock.
 */
final class ObservedInstrument {

  private final String name;
  private final ValueKind kind;
  private final String unit;
  private final String sourceMetric;
  private final String sourceDimension;
  private final ObservableDoubleMeasurement measurement;

  private long epoch = -1;
  private int size;
  private double[] values = new double[1];
  private Attributes[] attributes = new Attributes[1];

  /**
   * @param sourceMetric the metric name that feeds it, {@code null} for a runtime statistic
   * @param sourceDimension the dimension that feeds it, {@code null} for a runtime statistic
   */
  ObservedInstrument(String name, ValueKind kind, String unit, String sourceMetric,
      String sourceDimension, ObservableDoubleMeasurement measurement) {
    this.name = name;
    this.kind = kind;
    this.unit = unit;
    this.sourceMetric = sourceMetric;
    this.sourceDimension = sourceDimension;
    this.measurement = measurement;
  }

  String name() {
    return name;
  }

  ValueKind kind() {
    return kind;
  }

  String unit() {
    return unit;
  }

  ObservableDoubleMeasurement measurement() {
    return measurement;
  }

  /** Whether it reports the runtime's statistics rather than metric values. */
  boolean isRuntimeStatistic() {
    return sourceMetric == null;
  }

  /** Whether {@code metricName}/{@code dimension} is the source it was built for. */
  boolean isFedBy(String metricName, String dimension) {
    return metricName.equals(sourceMetric) && dimension.equals(sourceDimension);
  }

  /** "metric name/dimension" or "runtime statistics", for log messages. */
  String source() {
    return sourceMetric == null ? "the runtime statistics" : sourceMetric + "/" + sourceDimension;
  }

  /** Adds a point to collection {@code epoch}; the first point of a new epoch clears the old ones. */
  void add(long epoch, double value, Attributes pointAttributes) {
    if (this.epoch != epoch) {
      Arrays.fill(attributes, 0, size, null);
      size = 0;
      this.epoch = epoch;
    }
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      attributes = Arrays.copyOf(attributes, size * 2);
    }
    values[size] = value;
    attributes[size] = pointAttributes;
    size++;
  }

  /** Hands the points of collection {@code epoch} to the SDK; must run inside this instrument's callback. */
  void record(long epoch) {
    if (this.epoch != epoch) {
      return;
    }
    for (int i = 0; i < size; i++) {
      measurement.record(values[i], attributes[i]);
    }
  }

  @Override
  public String toString() {
    return name + "(" + kind + (unit.isEmpty() ? "" : ", " + unit) + ")";
  }
}
