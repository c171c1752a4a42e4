package io.mvx.metrics.prometheus.metrics;

import io.mvx.metrics.internal.export.PrometheusExportNames;
import io.mvx.metrics.internal.export.ReservedKeys;
import io.mvx.metrics.internal.export.RuntimeStatistic;
import io.mvx.metrics.internal.export.SkipCounter;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's own statistics as {@code mvx_runtime_*} families, from the convention's
 * {@link RuntimeStatistic} table, labelled {@code namespace}, and the skip counter
 * {@code mvx_runtime_collector_skipped_total{namespace, reason}}: the same families {@code MvxCollector}
 * writes.
 */
final class PrometheusMetricsSelfMetrics {

  static final String SKIPPED = PrometheusExportNames.skippedFamily();

  private static final List<String> NAMESPACE_ONLY = List.of(ReservedKeys.NAMESPACE);
  private static final List<String> NAMESPACE_AND_REASON = List.of(ReservedKeys.NAMESPACE, ReservedKeys.REASON);
  private static final RuntimeStatistic[] STATISTICS = RuntimeStatistic.values();
  private static final SkipReason[] REASONS = SkipReason.values();
  private static final String[] FAMILIES = new String[STATISTICS.length];

  static {
    for (RuntimeStatistic statistic : STATISTICS) {
      FAMILIES[statistic.ordinal()] = PrometheusExportNames.runtimeFamily(statistic);
    }
  }

  private PrometheusMetricsSelfMetrics() {}

  /** The families as registration-time descriptors: names, types, HELP and label names. */
  static List<MetricFamilyDescriptor> descriptors() {
    List<MetricFamilyDescriptor> out = new ArrayList<>(STATISTICS.length + 1);
    for (RuntimeStatistic statistic : STATISTICS) {
      out.add(MetricFamilyDescriptor.of(type(statistic.kind()),
          new MetricMetadata(FAMILIES[statistic.ordinal()], statistic.description()), NAMESPACE_ONLY));
    }
    out.add(MetricFamilyDescriptor.of(MetricType.COUNTER,
        new MetricMetadata(SKIPPED, RuntimeStatistic.SKIPPED_DESCRIPTION), NAMESPACE_AND_REASON));
    return List.copyOf(out);
  }

  /** The family names, as {@code getPrometheusNames()} lists them. */
  static List<String> names() {
    List<String> out = new ArrayList<>(STATISTICS.length + 1);
    out.addAll(List.of(FAMILIES));
    out.add(SKIPPED);
    return List.copyOf(out);
  }

  /** Declares every family in {@code table}, so that user series cannot take their names. */
  static void declare(FamilyTable table) {
    for (RuntimeStatistic statistic : STATISTICS) {
      table.declareOwn(FAMILIES[statistic.ordinal()], statistic.kind(), statistic.description(), NAMESPACE_ONLY);
    }
    table.declareOwn(SKIPPED, ValueKind.COUNTER, RuntimeStatistic.SKIPPED_DESCRIPTION, NAMESPACE_AND_REASON);
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
    for (SkipReason reason : REASONS) {
      table.addOwn(SKIPPED, List.of(namespace, reason.label()), skipped.get(reason));
    }
  }

  private static MetricType type(ValueKind kind) {
    return switch (kind) {
      case COUNTER -> MetricType.COUNTER;
      case GAUGE -> MetricType.GAUGE;
      case HISTOGRAM -> MetricType.HISTOGRAM;
    };
  }
}
