package io.mvx.metrics.internal.export;

import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The table of runtime statistics every adapter exports, labelled {@link ReservedKeys#NAMESPACE}: one row
 * per statistic (name parts, kind, description, unit, accessor). Adding a row adds the statistic to every
 * adapter. The dotted name is {@code mvx.runtime.<parts>} ({@link #dottedName()}); Prometheus replaces the
 * dots with {@code _} and adds {@code _total} to a counter's sample. Not API: this enum may change without
 * notice.
 */
public enum RuntimeStatistic {
  /** Events taken into a recorder queue. */
  ACCEPTED("events.accepted", ValueKind.COUNTER, "{event}",
      "Events taken into a recorder queue", stats(RuntimeStats::accepted)),
  /** Events refused because a recorder queue, or the whole runtime, was full. */
  DROPPED("events.dropped", ValueKind.COUNTER, "{event}",
      "Events refused because a recorder queue or the whole runtime was full", stats(RuntimeStats::dropped)),
  /** Of the dropped events, those refused because the whole runtime held eventBufferCapacity events. */
  DROPPED_BUFFER_FULL("events.dropped.buffer_full", ValueKind.COUNTER, "{event}",
      "Dropped events refused because the whole runtime held eventBufferCapacity pending events",
      stats(RuntimeStats::bufferFullDropped)),
  /** Events refused because their recorder was not running. */
  REJECTED("events.rejected", ValueKind.COUNTER, "{event}",
      "Events refused because their recorder was not running", stats(RuntimeStats::rejected)),
  /** Accepted events delivered to every metric of their recorder. */
  PROCESSED("events.processed", ValueKind.COUNTER, "{event}",
      "Accepted events delivered to every metric of their recorder", stats(RuntimeStats::processed)),
  /** Exceptions thrown by metrics, snapshots and listeners. */
  HANDLER_ERRORS("handler.errors", ValueKind.COUNTER, "{error}",
      "Exceptions thrown by metrics, snapshots and listeners", stats(RuntimeStats::handlerErrors)),
  /** Accepted events not yet processed. */
  PENDING("events.pending", ValueKind.GAUGE, "{event}",
      "Accepted events not yet processed", stats(RuntimeStats::pending)),
  /** Recorders registered in the runtime now. */
  RECORDERS("recorders", ValueKind.GAUGE, "{recorder}",
      "Recorders registered in the runtime", stats(RuntimeStats::recorders)),
  /** Recorders stopped and removed because they took no event for their idle timeout. */
  RECORDERS_EXPIRED("recorders.expired", ValueKind.COUNTER, "{recorder}",
      "Recorders stopped and removed because they took no event for their idle timeout",
      stats(RuntimeStats::recordersExpired)),
  /** createRecorder calls refused because the runtime held maxRecorders recorders. */
  RECORDERS_REFUSED("recorders.refused", ValueKind.COUNTER, "{recorder}",
      "Recorder creations refused because the runtime held maxRecorders recorders",
      stats(RuntimeStats::recordersRefused)),
  /** Calls into metric or listener code that ran longer than handlerTimeout (their recorder failed). */
  HANDLERS_HUNG("handlers.hung", ValueKind.COUNTER, "{call}",
      "Calls into metric or listener code that ran longer than handlerTimeout; each failed its recorder",
      stats(RuntimeStats::handlersHung)),
  /** How old the served cut is: zero when fresh, else the age of the last good snapshots served instead. */
  SNAPSHOT_AGE("snapshot.age", ValueKind.GAUGE, "s",
      "Age of the recorder snapshots served: 0 for a fresh cut, else how old the last good cut is",
      snapshot -> snapshot.age().toNanos() / 1e9);

  /** The name parts of the skip counter, labelled namespace and {@link ReservedKeys#REASON}. */
  public static final String SKIPPED_PARTS = "collector.skipped";
  /** The description of the skip counter. */
  public static final String SKIPPED_DESCRIPTION =
      "Snapshots and series the adapter left out of collections, by reason";
  /** The unit of the skip counter. */
  public static final String SKIPPED_UNIT = "{series}";

  private final String parts;
  private final ValueKind kind;
  private final String unit;
  private final String description;
  private final ToDoubleFunction<RuntimeSnapshot> accessor;

  RuntimeStatistic(String parts, ValueKind kind, String unit, String description,
      ToDoubleFunction<RuntimeSnapshot> accessor) {
    this.parts = parts;
    this.kind = kind;
    this.unit = unit;
    this.description = description;
    this.accessor = accessor;
  }

  /**
   * The statistic's own name parts, e.g. {@code events.accepted}.
   *
   * @return the parts, joined by dots
   */
  public String parts() {
    return parts;
  }

  /**
   * The dotted name, e.g. {@code mvx.runtime.events.accepted}.
   *
   * @return the dotted name
   */
  public String dottedName() {
    return ExportNames.runtimeName(parts);
  }

  /**
   * Counter (a total since the runtime started) or gauge.
   *
   * @return the kind
   */
  public ValueKind kind() {
    return kind;
  }

  /**
   * The UCUM unit, an annotation such as {@code {event}}.
   *
   * @return the unit
   */
  public String unit() {
    return unit;
  }

  /**
   * The description (HELP).
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  /**
   * Reads the statistic.
   *
   * @param snapshot the runtime snapshot a collection serves (its statistics, its age)
   * @return the value
   */
  public double read(RuntimeSnapshot snapshot) {
    return accessor.applyAsDouble(snapshot);
  }

  private static ToDoubleFunction<RuntimeSnapshot> stats(ToLongFunction<RuntimeStats> read) {
    return snapshot -> read.applyAsLong(snapshot.stats());
  }

  /**
   * The dotted name of the skip counter: {@code mvx.runtime.collector.skipped}.
   *
   * @return the dotted name
   */
  public static String skippedDottedName() {
    return ExportNames.runtimeName(SKIPPED_PARTS);
  }
}
