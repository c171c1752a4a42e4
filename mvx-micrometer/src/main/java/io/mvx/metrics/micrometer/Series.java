package io.mvx.metrics.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One exported value (recorder, metric, dimension, labels) and the meters that show it: the state object
 * of those meters, held strongly by its {@link MeterSet}, so Micrometer's weak references never see it
 * collected.
 *
 * <p>{@link #value} is written when a fresh snapshot is applied and read by the meters; everything else
 * but {@link #value} is guarded by the meter set's lock.
 */
final class Series {

  final String name;
  final ValueKind kind;
  final Tags tags;
  final String description;
  final String baseUnit;
  private final MeterSet owner;

  /** The value of the last snapshot that held this series. */
  volatile double value;
  /** The refresh that last saw this series. */
  long epoch;
  /** The meter in each binding, by binding index; null where registration failed. */
  Meter[] meters = new Meter[0];

  Series(MeterSet owner, String namespace, String recorderId, MetricSnapshot metric, MetricValue value) {
    this.owner = owner;
    this.name = namespace + "." + metric.name() + "." + value.dimension();
    this.kind = value.kind();
    this.tags = tags(recorderId, value.labels());
    this.description = metric.description().isEmpty() ? null : metric.description();
    this.baseUnit = Units.baseUnit(metric.unit());
    this.value = value.value();
  }

  /** The meter function: the value of the current (possibly refreshed) memoised snapshot; never throws. */
  double read() {
    owner.refreshIfStale();
    return value;
  }

  /** Registers this series as a {@link FunctionCounter} or {@link Gauge}; throws what the registry throws. */
  Meter register(MeterRegistry registry) {
    if (kind == ValueKind.COUNTER) {
      return FunctionCounter.builder(name, this, Series::read)
          .tags(tags)
          .description(description)
          .baseUnit(baseUnit)
          .register(registry);
    }
    return Gauge.builder(name, this, Series::read)
        .tags(tags)
        .description(description)
        .baseUnit(baseUnit)
        .strongReference(true)
        .register(registry);
  }

  private static Tags tags(String recorderId, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return Tags.of("recorder", recorderId);
    }
    List<Tag> tags = new ArrayList<>(labels.size() + 1);
    tags.add(Tag.of("recorder", recorderId));
    labels.forEach((key, labelValue) -> tags.add(Tag.of(key, labelValue)));
    return Tags.of(tags);
  }

  /** Identifies a series within one metric of one recorder. */
  record Key(String dimension, Map<String, String> labels) {
    static Key of(MetricValue value) {
      return new Key(value.dimension(), value.labels());
    }
  }
}
