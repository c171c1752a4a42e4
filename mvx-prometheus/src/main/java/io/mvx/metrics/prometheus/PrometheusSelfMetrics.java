package io.mvx.metrics.prometheus;

import io.mvx.metrics.internal.export.PrometheusExportNames;
import io.mvx.metrics.internal.export.ReservedKeys;
import io.mvx.metrics.internal.export.RuntimeStatistic;
import io.mvx.metrics.internal.export.SkipCounter;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's own statistics as {@code mvx_runtime_*} families, from the convention's
 * {@link RuntimeStatistic} table, labelled {@code namespace}, and the skip counter
 * {@code mvx_runtime_collector_skipped_total{namespace, reason}}.
 */
final class PrometheusSelfMetrics {

  static final String SKIPPED = PrometheusNames.sanitize(RuntimeStatistic.skippedDottedName());

  private static final List<String> NAMESPACE_ONLY = List.of(ReservedKeys.NAMESPACE);
  private static final List<String> NAMESPACE_AND_REASON = List.of(ReservedKeys.NAMESPACE, ReservedKeys.REASON);
  private static final RuntimeStatistic[] STATISTICS = RuntimeStatistic.values();
  private static final String[] FAMILIES = new String[STATISTICS.length];

  static {
    for (RuntimeStatistic statistic : STATISTICS) {
      FAMILIES[statistic.ordinal()] = PrometheusExportNames.runtimeFamily(statistic);
    }
  }

  private PrometheusSelfMetrics() {}

  /** The families without samples, as {@link io.prometheus.client.Collector.Describable#describe()} wants them. */
  static List<MetricFamilySamples> describe() {
    List<MetricFamilySamples> out = new ArrayList<>(STATISTICS.length + 1);
    for (RuntimeStatistic statistic : STATISTICS) {
      out.add(new MetricFamilySamples(FAMILIES[statistic.ordinal()], PrometheusNames.type(statistic.kind()),
          statistic.description(), List.of()));
    }
    out.add(new MetricFamilySamples(SKIPPED, Type.COUNTER, RuntimeStatistic.SKIPPED_DESCRIPTION, List.of()));
    return out;
  }

  /** Declares every family in {@code table}, so that user series cannot take their names. */
  static void declare(FamilyTable table) {
    for (RuntimeStatistic statistic : STATISTICS) {
      table.declareOwn(FAMILIES[statistic.ordinal()], PrometheusNames.type(statistic.kind()),
          statistic.description(), NAMESPACE_ONLY);
    }
    table.declareOwn(SKIPPED, PrometheusNames.type(ValueKind.COUNTER), RuntimeStatistic.SKIPPED_DESCRIPTION,
        NAMESPACE_AND_REASON);
  }

  /**
   * Adds one runtime's samples.
   *
   * @param stats the runtime snapshot served (statistics, age), or {@code null} when it could not be read
   */
  static void addSamples(FamilyTable table, String namespace, RuntimeSnapshot stats, SkipCounter skipped) {
    List<String> labels = List.of(namespace);
    if (stats != null) {
      for (RuntimeStatistic statistic : STATISTICS) {
        table.addOwn(FAMILIES[statistic.ordinal()], labels, statistic.read(stats));
      }
    }
    for (SkipReason reason : SkipReason.values()) {
      table.addOwn(SKIPPED, List.of(namespace, reason.label()), skipped.get(reason));
    }
  }
}
