package io.mvx.metrics;

import io.mvx.metrics.internal.Checks;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Ready-made metrics for the common cases: count the events of one type, sum a field, histogram a field, or
 * keep a field's last value as a gauge, each optionally labelled by a field of the event.
 *
 * <p>The metrics these builders make are ordinary {@link Metric}s: they own their state, run only on the
 * runtime's processing thread and build their own snapshots. For any other logic (several event types, a
 * derived value, a state machine) write a {@link Metric} class yourself; that explicit style stays the way
 * to express it.
 *
 * <pre>{@code
 * recorder.registerMetric(EventMetrics.builder("document_storage.save.attempts", DocumentSaveAttempt.class)
 *     .description("Document save attempts by outcome")
 *     .label("outcome", attempt -> attempt.success() ? "success" : "failure", "success", "failure")
 *     .count());
 * recorder.registerMetric(EventMetrics.builder("document_storage.save", DocumentSaveAttempt.class)
 *     .unit("s")
 *     .histogram("duration", DocumentSaveAttempt::durationSeconds, Histogram::defaultLatencySeconds));
 * }</pre>
 *
 * <p>A builder is a factory: every terminal call ({@link Builder#count()}, {@link Builder#sum},
 * {@link Builder#histogram}, {@link Builder#lastValue}) returns a new metric with its own state, so one
 * builder can serve every recorder of a kind (one per connection, say). Its functions run on the processing
 * thread; one that throws, or a label function that returns null, counts as a handler error of that event
 * (see {@link Metric}).
 *
 * <p>Exemplars: for events registered in a sampled span with exemplars enabled, {@link Builder#count()} and
 * {@link Builder#sum} keep each series' latest increment as its exemplar, and {@link Builder#histogram} each
 * bucket's latest observation (as {@link Histogram} does); {@link Builder#lastValue} keeps none.
 */
public final class EventMetrics {

  private EventMetrics() {}

  /**
   * Starts a metric named {@code metricName} that reads the events of {@code eventType} (and its subtypes)
   * and ignores every other event.
   *
   * @param metricName the metric's name, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
   * @param eventType the class of the events it reads
   * @param <E> the event type
   * @return a builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code metricName} is not a valid metric name
   */
  public static <E extends MetricEvent> Builder<E> builder(String metricName, Class<E> eventType) {
    return new Builder<>(Checks.metricName(metricName, "metricName"),
        Objects.requireNonNull(eventType, "eventType"));
  }

  /**
   * Configures one ready-made metric; the terminal calls make the metric.
   *
   * @param <E> the event type the metric reads
   */
  public static final class Builder<E extends MetricEvent> {
    private final String metricName;
    private final Class<E> eventType;
    private String description = "";
    private String unit = "";
    private Predicate<? super E> filter = event -> true;
    private String labelKey;
    private Function<? super E, String> labelValue;
    private List<String> knownLabelValues = List.of();

    private Builder(String metricName, Class<E> eventType) {
      this.metricName = metricName;
      this.eventType = eventType;
    }

    /**
     * Sets the description exported as HELP / description (default: none, adapters then use the name).
     *
     * @param description the description
     * @return this builder
     * @throws NullPointerException if {@code description} is null
     */
    public Builder<E> description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * Sets the UCUM-style unit of the values: {@code s}, {@code ms}, {@code By}, {@code 1}, ...
     *
     * @param unit the unit
     * @return this builder
     * @throws NullPointerException if {@code unit} is null
     */
    public Builder<E> unit(String unit) {
      this.unit = Objects.requireNonNull(unit, "unit").strip();
      return this;
    }

    /**
     * Reads only the events {@code filter} accepts; the others are ignored as events of another type are.
     *
     * @param filter which events of the type count
     * @return this builder
     * @throws NullPointerException if {@code filter} is null
     */
    public Builder<E> filter(Predicate<? super E> filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Labels every value with {@code key} = what {@code value} returns for the event: one series per label
     * value, so take it from a small, fixed set (an outcome, a method, a status class), never from an id.
     * The {@code knownValues} are exported from the start (counters and histograms at zero), so that a rate
     * of each exists before its first event.
     *
     * @param key the label key, matching {@code [a-zA-Z_][a-zA-Z0-9_]*}; {@code recorder}, {@code le},
     *     {@code quantile} and keys starting with {@code __} are reserved
     * @param value the label value of an event; it must not return null
     * @param knownValues label values to export before any event carries them
     * @return this builder
     * @throws NullPointerException if an argument or a known value is null
     * @throws IllegalArgumentException if {@code key} is not a valid or is a reserved label key
     */
    public Builder<E> label(String key, Function<? super E, String> value, String... knownValues) {
      Checks.labelKey(key, "key");
      if (key.equals("le") || key.equals("quantile")) {
        throw new IllegalArgumentException(Checks.quote(key) + ": key is reserved by Prometheus");
      }
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(knownValues, "knownValues");
      List<String> known = new ArrayList<>(knownValues.length);
      for (int i = 0; i < knownValues.length; i++) {
        known.add(Objects.requireNonNull(knownValues[i], "knownValues[" + i + "]"));
      }
      this.labelKey = key;
      this.labelValue = value;
      this.knownLabelValues = List.copyOf(new LinkedHashSet<>(known));
      return this;
    }

    /**
     * A counter of the events, dimension {@code total}.
     *
     * @return a new metric
     */
    public Metric count() {
      return count("total");
    }

    /**
     * A counter of the events under {@code dimension}.
     *
     * @param dimension the value's dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
     * @return a new metric
     * @throws NullPointerException if {@code dimension} is null
     * @throws IllegalArgumentException if {@code dimension} is not a valid dimension
     */
    public Metric count(String dimension) {
      return new ReadyMetric<>(this, dimension(dimension), ReadyMetric.Kind.COUNT, null, null);
    }

    /**
     * A counter of the sum of {@code field} over the events, e.g. bytes received. A value that is negative,
     * NaN or infinite would break the counter: that event is not accepted ({@code handleEvent} returns
     * false) and the total stays as it was.
     *
     * @param dimension the value's dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
     * @param field the amount an event adds
     * @return a new metric
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code dimension} is not a valid dimension
     */
    public Metric sum(String dimension, ToDoubleFunction<? super E> field) {
      return new ReadyMetric<>(this, dimension(dimension), ReadyMetric.Kind.SUM,
          Objects.requireNonNull(field, "field"), null);
    }

    /**
     * A histogram of {@code field} over the events, e.g. a duration in seconds. {@code histograms} makes
     * the state: one histogram per label value, each a new instance ({@code Histogram::defaultLatencySeconds},
     * {@code () -> Histogram.withUpperBounds(0.1, 1, 10)}). NaN observations are not accepted.
     *
     * @param dimension the value's dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
     * @param field the observation an event carries
     * @param histograms makes a new, empty histogram each call
     * @return a new metric
     * @throws NullPointerException if an argument is null, or {@code histograms} returns null
     * @throws IllegalArgumentException if {@code dimension} is not a valid dimension, or {@code histograms}
     *     returns the same instance twice
     */
    public Metric histogram(String dimension, ToDoubleFunction<? super E> field, Supplier<Histogram> histograms) {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(histograms, "histograms");
      Histogram first = Objects.requireNonNull(histograms.get(), "histograms returned null");
      Histogram second = Objects.requireNonNull(histograms.get(), "histograms returned null");
      if (first == second || first.count() != 0 || second.count() != 0) {
        throw new IllegalArgumentException(
            histograms + ": histograms must return a new, empty Histogram on every call");
      }
      return new ReadyMetric<>(this, dimension(dimension), ReadyMetric.Kind.HISTOGRAM, field, histograms);
    }

    /**
     * A gauge of the last value of {@code field}, e.g. a queue's size; nothing is exported before the first
     * event (per label value: before the first event with that value).
     *
     * @param dimension the value's dimension, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}
     * @param field the value an event carries
     * @return a new metric
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code dimension} is not a valid dimension
     */
    public Metric lastValue(String dimension, ToDoubleFunction<? super E> field) {
      return new ReadyMetric<>(this, dimension(dimension), ReadyMetric.Kind.LAST_VALUE,
          Objects.requireNonNull(field, "field"), null);
    }

    private static String dimension(String dimension) {
      return Checks.metricName(dimension, "dimension");
    }

    String metricName() {
      return metricName;
    }

    Class<E> eventType() {
      return eventType;
    }

    String description() {
      return description;
    }

    String unit() {
      return unit;
    }

    Predicate<? super E> filter() {
      return filter;
    }

    String labelKey() {
      return labelKey;
    }

    Function<? super E, String> labelValue() {
      return labelValue;
    }

    List<String> knownLabelValues() {
      return knownLabelValues;
    }
  }
}
