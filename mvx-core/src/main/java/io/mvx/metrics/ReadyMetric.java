package io.mvx.metrics;

import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The metric {@link EventMetrics.Builder} makes: one value per label value (or one unlabelled value), each a
 * {@link Cell}, kept in first-seen order. Single-threaded like every metric.
 */
final class ReadyMetric<E extends MetricEvent> implements Metric {

  /** What the metric does with an event's field. */
  enum Kind { COUNT, SUM, HISTOGRAM, LAST_VALUE }

  /** The state behind one series. */
  private static final class Cell {
    double value;
    boolean set;
    final Histogram histogram;
    /** A counter's latest exemplar; null until its first traced event (a histogram keeps its own). */
    ExemplarSlots exemplar;

    Cell(Histogram histogram) {
      this.histogram = histogram;
    }
  }

  private final String name;
  private final Class<E> eventType;
  private final String description;
  private final String unit;
  private final Predicate<? super E> filter;
  private final String labelKey;
  private final Function<? super E, String> labelValue;
  private final String dimension;
  private final Kind kind;
  private final ToDoubleFunction<? super E> field;
  private final Supplier<Histogram> histograms;
  private final Map<String, Cell> cells = new LinkedHashMap<>();
  private final Cell unlabelled;

  ReadyMetric(EventMetrics.Builder<E> builder, String dimension, Kind kind,
      ToDoubleFunction<? super E> field, Supplier<Histogram> histograms) {
    this.name = builder.metricName();
    this.eventType = builder.eventType();
    this.description = builder.description();
    this.unit = builder.unit();
    this.filter = builder.filter();
    this.labelKey = builder.labelKey();
    this.labelValue = builder.labelValue();
    this.dimension = dimension;
    this.kind = kind;
    this.field = field;
    this.histograms = histograms;
    this.unlabelled = labelKey == null ? newCell() : null;
    if (labelKey != null) {
      for (String known : builder.knownLabelValues()) {
        cells.put(known, newCell());
      }
    }
  }

  @Override
  public String metricName() {
    return name;
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!eventType.isInstance(event)) {
      return false;
    }
    E typed = eventType.cast(event);
    if (!filter.test(typed)) {
      return false;
    }
    double value = field == null ? 1 : field.applyAsDouble(typed);
    if (!accepts(value)) {
      return false;
    }
    Cell cell = unlabelled != null ? unlabelled : cells.computeIfAbsent(
        Objects.requireNonNull(labelValue.apply(typed), () -> labelKey + ": label value of " + name + " is null"),
        key -> newCell());
    switch (kind) {
      case COUNT, SUM -> {
        cell.value += value;
        TraceContext trace = TraceContext.current();
        if (trace != null) {
          if (cell.exemplar == null) {
            cell.exemplar = new ExemplarSlots(1);
          }
          cell.exemplar.keep(0, trace, value);
        }
      }
      case LAST_VALUE -> cell.value = value;
      case HISTOGRAM -> cell.histogram.record(value);
      default -> throw new AssertionError(kind);
    }
    cell.set = true;
    return true;
  }

  private boolean accepts(double value) {
    switch (kind) {
      case SUM:
        return Double.isFinite(value) && value >= 0;
      case HISTOGRAM:
        return !Double.isNaN(value);
      default:
        return true;
    }
  }

  @Override
  public MetricSnapshot snapshot() {
    MetricSnapshot.Builder builder = MetricSnapshot.builder(name).description(description).unit(unit);
    if (unlabelled != null) {
      write(builder, unlabelled, Map.of());
    } else {
      cells.forEach((value, cell) -> write(builder, cell, Map.of(labelKey, value)));
    }
    return builder.build();
  }

  private void write(MetricSnapshot.Builder builder, Cell cell, Map<String, String> labels) {
    switch (kind) {
      // a total that overflowed saturates, as Histogram's sum does
      case COUNT, SUM -> {
        double total = Math.min(cell.value, Double.MAX_VALUE);
        if (cell.exemplar == null) {
          builder.counter(dimension, total, labels);
        } else {
          builder.counter(dimension, total, labels, cell.exemplar.exemplar(0));
        }
      }
      case HISTOGRAM -> builder.histogram(dimension, cell.histogram.snapshot(), labels);
      case LAST_VALUE -> {
        if (cell.set) {
          builder.gauge(dimension, cell.value, labels);
        }
      }
      default -> throw new AssertionError(kind);
    }
  }

  private Cell newCell() {
    return new Cell(kind == Kind.HISTOGRAM ? histograms.get() : null);
  }

  @Override
  public String toString() {
    return "EventMetrics." + kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + name + ", "
        + eventType.getSimpleName() + ")";
  }
}
