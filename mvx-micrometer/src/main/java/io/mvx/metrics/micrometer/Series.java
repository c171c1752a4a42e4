package io.mvx.metrics.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.mvx.metrics.internal.export.ExportNames;
import io.mvx.metrics.internal.export.ExportUnit;
import io.mvx.metrics.internal.export.ReservedKeys;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * One exported value (recorder, metric, dimension, labels) and the meters that show it: the state object
 * of those meters, held strongly by its {@link MicrometerSnapshotExport}, so Micrometer's weak references
 * never see it collected.
 *
 * <p>A HISTOGRAM value is shown as its count and sum, the most Micrometer can carry of a distribution computed
 * elsewhere (it has no public way to feed precomputed buckets): with a time unit as one {@link FunctionTimer}
 * {@code N.M.D} (count, and the sum in the snapshot's time unit, which the registry converts to its own), else
 * as two {@link FunctionCounter}s {@code N.M.D.count} (no unit) and {@code N.M.D.sum} (the snapshot's base
 * unit). The buckets are not carried.
 *
 * <p>{@link #value} and {@link #histogram} are written when a fresh snapshot is applied and read by the
 * meters; everything else is guarded by the export's lock.
 */
final class Series {

  final String name;
  final ValueKind kind;
  final Tags tags;
  final List<String> tagKeys;
  final List<String> tagValues;
  final String description;
  final String baseUnit;
  /** A histogram's time unit when it has one (it is shown as a {@link FunctionTimer}), else null. */
  final TimeUnit timeUnit;
  private final MicrometerSnapshotExport owner;

  /** The value of the last snapshot that held this series. */
  volatile double value;
  /** The distribution of the last snapshot that held this series, for a HISTOGRAM. */
  volatile HistogramValue histogram;
  /** The refresh that last saw this series. */
  long epoch;
  /** The meters in each binding ({@link #meterNames()} order), by binding index; null where registration failed. */
  Meter[][] meters = new Meter[0][];

  Series(MicrometerSnapshotExport owner, String namespace, String recorderId, MetricSnapshot metric,
      MetricValue value) {
    this.owner = owner;
    this.name = meterName(namespace, metric.name(), value);
    this.kind = value.kind();
    this.tagKeys = tagKeys(value.labels());
    this.tagValues = tagValues(recorderId, value.labels());
    this.tags = tags(tagKeys, tagValues);
    // HELP on every road: a registry writing Prometheus text needs one, as MvxCollector writes it
    this.description = metric.description().isEmpty() ? metric.name() : metric.description();
    ExportUnit unit = ExportUnit.of(metric.unit());
    this.baseUnit = unit.micrometerBaseUnit();
    this.timeUnit = kind == ValueKind.HISTOGRAM ? timeUnit(unit) : null;
    update(value);
  }

  /** Takes the number (and distribution) of {@code value} from a fresh snapshot. */
  void update(MetricValue value) {
    this.histogram = value.histogram().orElse(null);
    this.value = value.value();
  }

  /**
   * The {@link TimeUnit} whose name is the convention's word for {@code unit} ({@code s} is {@code seconds},
   * {@code ms} {@code milliseconds}, ... {@code d} {@code days}: {@link ExportUnit#word()}), or null for a unit
   * that is not a time. The unit table is the convention's; this only spells its words as Java's.
   */
  static TimeUnit timeUnit(ExportUnit unit) {
    String word = unit.word();
    for (TimeUnit candidate : TIME_UNITS) {
      if (candidate.name().equalsIgnoreCase(word)) {
        return candidate;
      }
    }
    return null;
  }

  private static final TimeUnit[] TIME_UNITS = TimeUnit.values();

  /**
   * The names of this series' meters: {@link #name}, or for a histogram without a time unit
   * {@code name.count} and {@code name.sum}.
   */
  List<String> meterNames() {
    return kind == ValueKind.HISTOGRAM && timeUnit == null ? List.of(name + ".count", name + ".sum") : List.of(name);
  }

  /**
   * The meter name of a value: {@code N.M.D}, a counter's without its trailing {@code _total}, so that a
   * registry adding the base unit and {@code _total} itself (Prometheus) names it as {@code MvxCollector}
   * does.
   */
  static String meterName(String namespace, String metricName, MetricValue value) {
    return ExportNames.qualifiedValueName(namespace, metricName, value.dimension(), value.kind());
  }

  /** The meter function: the value of the current read cycle's snapshot; never throws. */
  double read() {
    owner.read();
    return value;
  }

  /** The histogram of the current read cycle's snapshot; never throws. */
  HistogramValue readHistogram() {
    owner.read();
    return histogram;
  }

  /**
   * Registers this series' meters, named as {@link #meterNames()}: a {@link FunctionCounter}, a
   * {@link Gauge}, a {@link FunctionTimer}, or two {@link FunctionCounter}s; throws what the registry throws
   * (having removed what it registered). The one place this adapter switches on {@link ValueKind}.
   */
  Meter[] register(MeterRegistry registry) {
    return switch (kind) {
      case COUNTER -> new Meter[] {counter(registry, name, Series::read, baseUnit)};
      case GAUGE -> new Meter[] {Gauge.builder(name, this, Series::read)
          .tags(tags)
          .description(description)
          .baseUnit(baseUnit)
          .strongReference(true)
          .register(registry)};
      case HISTOGRAM -> timeUnit != null
          ? new Meter[] {FunctionTimer.builder(name, this, s -> s.readHistogram().count(),
                  s -> s.readHistogram().sum(), timeUnit)
              .tags(tags)
              .description(description)
              .register(registry)}
          : registerCountAndSum(registry);
    };
  }

  private Meter[] registerCountAndSum(MeterRegistry registry) {
    Meter count = counter(registry, name + ".count", s -> s.readHistogram().count(), null);
    try {
      return new Meter[] {count, counter(registry, name + ".sum", s -> s.readHistogram().sum(), baseUnit)};
    } catch (RuntimeException e) {
      registry.remove(count);
      throw e;
    }
  }

  private Meter counter(MeterRegistry registry, String meterName, ToDoubleFunction<Series> f,
      String unit) {
    return FunctionCounter.builder(meterName, this, f)
        .tags(tags)
        .description(description)
        .baseUnit(unit)
        .register(registry);
  }

  private static List<String> tagKeys(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return RECORDER_ONLY;
    }
    List<String> keys = new ArrayList<>(labels.size() + 1);
    keys.add(ReservedKeys.RECORDER);
    keys.addAll(labels.keySet());
    return List.copyOf(keys);
  }

  private static List<String> tagValues(String recorderId, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return List.of(recorderId);
    }
    List<String> values = new ArrayList<>(labels.size() + 1);
    values.add(recorderId);
    values.addAll(labels.values());
    return List.copyOf(values);
  }

  private static Tags tags(List<String> keys, List<String> values) {
    List<Tag> tags = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      tags.add(Tag.of(keys.get(i), values.get(i)));
    }
    return Tags.of(tags);
  }

  private static final List<String> RECORDER_ONLY = List.of(ReservedKeys.RECORDER);

  /** Identifies a series within one metric of one recorder. */
  record Key(String dimension, Map<String, String> labels) {
    static Key of(MetricValue value) {
      return new Key(value.dimension(), value.labels());
    }
  }
}
