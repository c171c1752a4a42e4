package io.mvx.metrics.otel;

import io.mvx.metrics.internal.export.ReservedKeys;
import io.mvx.metrics.internal.export.RuntimeStatistic;
import io.mvx.metrics.internal.export.SkipCounter;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.ValueKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/**
 * The runtime's own statistics as {@code mvx.runtime.*} instruments with the attribute {@code namespace},
 * from the convention's {@link RuntimeStatistic} table, and the skip counter
 * {@code mvx.runtime.collector.skipped} with the attributes {@code namespace} and {@code reason}.
 */
final class OtelSelfMetrics {

  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey(ReservedKeys.NAMESPACE);
  static final AttributeKey<String> REASON = AttributeKey.stringKey(ReservedKeys.REASON);

  private final Attributes attributes;
  private final ObservedInstrument[] statistics = new ObservedInstrument[RuntimeStatistic.values().length];
  private final ObservedInstrument skipped;
  private final Attributes[] skipAttributes = new Attributes[SkipReason.values().length];

  OtelSelfMetrics(InstrumentRegistry registry, String namespace) {
    this.attributes = Attributes.of(NAMESPACE, namespace);
    for (RuntimeStatistic statistic : RuntimeStatistic.values()) {
      statistics[statistic.ordinal()] = registry.runtimeStatistic(statistic.dottedName(), statistic.kind(),
          statistic.unit(), statistic.description());
    }
    skipped = registry.runtimeStatistic(RuntimeStatistic.skippedDottedName(), ValueKind.COUNTER,
        RuntimeStatistic.SKIPPED_UNIT, RuntimeStatistic.SKIPPED_DESCRIPTION);
    for (SkipReason reason : SkipReason.values()) {
      skipAttributes[reason.ordinal()] = Attributes.of(NAMESPACE, namespace, REASON, reason.label());
    }
  }

  /** Adds the statistics and the skip counts to plan {@code epoch}. */
  void fill(RuntimeSnapshot snapshot, SkipCounter skips, long epoch) {
    for (RuntimeStatistic statistic : RuntimeStatistic.values()) {
      ObservedInstrument instrument = statistics[statistic.ordinal()];
      if (instrument != null) {
        instrument.add(epoch, statistic.read(snapshot), attributes);
      }
    }
    if (skipped != null) {
      for (SkipReason reason : SkipReason.values()) {
        skipped.add(epoch, skips.get(reason), skipAttributes[reason.ordinal()]);
      }
    }
  }
}
