package io.mvx.metrics.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.internal.export.ExportUnit;
import io.mvx.metrics.internal.export.ReservedKeys;
import io.mvx.metrics.internal.export.RuntimeStatistic;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The runtime's own statistics as {@code mvx.runtime.*} meters tagged {@code namespace}, from the
 * convention's {@link RuntimeStatistic} table (counters as function counters, the others as gauges), and
 * the skip counter {@code mvx.runtime.collector.skipped} tagged {@code namespace} and {@code reason}. They
 * read the memoised snapshot, so reading them also keeps the meter set fresh.
 */
final class MicrometerSelfMetrics {

  private MicrometerSelfMetrics() {}

  /** Registers the self metrics of {@code export} in {@code registry}; returns the ones registered. */
  static List<Meter> register(MeterRegistry registry, MicrometerSnapshotExport export, ThrottledLog log) {
    Tags tags = Tags.of(ReservedKeys.NAMESPACE, export.namespace());
    List<Meter> meters = new ArrayList<>(RuntimeStatistic.values().length + SkipReason.values().length);
    for (RuntimeStatistic statistic : RuntimeStatistic.values()) {
      add(meters, registry, statistic.dottedName(), log, () -> meter(registry, statistic.dottedName(),
          statistic.kind(), tags, statistic.description(), statistic.unit(), export,
          e -> statistic.read(e.served())));
    }
    String skipped = RuntimeStatistic.skippedDottedName();
    for (SkipReason reason : SkipReason.values()) {
      add(meters, registry, skipped, log, () -> meter(registry, skipped, ValueKind.COUNTER,
          tags.and(ReservedKeys.REASON, reason.label()), RuntimeStatistic.SKIPPED_DESCRIPTION,
          RuntimeStatistic.SKIPPED_UNIT, export, e -> e.skipped().get(reason)));
    }
    return meters;
  }

  private static Meter meter(MeterRegistry registry, String name, ValueKind kind, Tags tags, String description,
      String unit, MicrometerSnapshotExport export, ToDoubleFunction<MicrometerSnapshotExport> read) {
    String baseUnit = ExportUnit.of(unit).micrometerBaseUnit();
    if (kind == ValueKind.COUNTER) {
      return FunctionCounter.builder(name, export, read)
          .tags(tags).description(description).baseUnit(baseUnit).register(registry);
    }
    return Gauge.builder(name, export, read)
        .tags(tags).description(description).baseUnit(baseUnit).strongReference(true).register(registry);
  }

  private static void add(List<Meter> meters, MeterRegistry registry, String name, ThrottledLog log,
      Supplier<Meter> registration) {
    try {
      meters.add(registration.get());
    } catch (RuntimeException e) {
      log.warn("register", "could not register " + name + " in " + registry.getClass().getSimpleName()
          + "; it is not exported there", e);
    }
  }
}
