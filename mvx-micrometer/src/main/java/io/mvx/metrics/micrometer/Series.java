package io.mvx.metrics.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.mvx.metrics.internal.export.ExportNames;
import io.mvx.metrics.internal.export.ExportUnit;
import io.mvx.metrics.internal.export.ReservedKeys;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One exported value (recorder, metric, dimension, labels) and the meters that show it: the state object
 * of those meters, held strongly by its {@link MicrometerSnapshotExport}, so Micrometer's weak references
 * never see it collected.
 *
 * <p>{@link #value} is written when a fresh snapshot is applied and read by the meters; everything else
 * but {@link #value} is guarded by the export's lock.
 */
final class Series {

  final String name;
  final ValueKind kind;
  final Tags tags;
  final List<String> tagKeys;
  final List<String> tagValues;
  final String description;
  final String baseUnit;
  private final MicrometerSnapshotExport owner;

  /** The value of the last snapshot that held this series. */
  volatile double value;
  /** The refresh that last saw this series. */
  long epoch;
  /** The meter in each binding, by binding index; null where registration failed. */
  Meter[] meters = new Meter[0];

  Series(MicrometerSnapshotExport owner, String namespace, String recorderId, MetricSnapshot metric,
      MetricValue value) {
    this.owner = owner;
    this.name = meterName(namespace, metric.name(), value);
    this.kind = value.kind();
    this.tagKeys = tagKeys(value.labels());
    this.tagValues = tagValues(recorderId, value.labels());
    this.tags = tags(tagKeys, tagValues);
    this.description = metric.description().isEmpty() ? null : metric.description();
    this.baseUnit = ExportUnit.of(metric.unit()).micrometerBaseUnit();
    this.value = value.value();
  }

  /**
   * The meter name of a value: {@code N.M.D}, a counter's without its trailing {@code _total}, so that a
   * registry adding the base unit and {@code _total} itself (Prometheus) names it as {@code MvxCollector}
   * does.
   */
  static String meterName(String namespace, String metricName, MetricValue value) {
    return ExportNames.qualifiedValueName(namespace, metricName, value.dimension(), value.kind());
  }

  /** The meter function: the value of the current (possibly refreshed) memoised snapshot; never throws. */
  double read() {
    owner.refreshIfStale();
    return value;
  }

  /**
   * Registers this series as a {@link FunctionCounter} or {@link Gauge}; throws what the registry throws.
   * The one place this adapter switches on {@link ValueKind}.
   */
  Meter register(MeterRegistry registry) {
    return switch (kind) {
      case COUNTER -> FunctionCounter.builder(name, this, Series::read)
          .tags(tags)
          .description(description)
          .baseUnit(baseUnit)
          .register(registry);
      case GAUGE, HISTOGRAM -> Gauge.builder(name, this, Series::read)
          .tags(tags)
          .description(description)
          .baseUnit(baseUnit)
          .strongReference(true)
          .register(registry);
    };
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
