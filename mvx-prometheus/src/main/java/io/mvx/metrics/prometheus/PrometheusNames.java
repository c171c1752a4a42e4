package io.mvx.metrics.prometheus;

import io.mvx.metrics.internal.export.ExportNames;
import io.mvx.metrics.internal.export.ExportUnit;
import io.mvx.metrics.internal.export.PrometheusExportNames;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.client.Collector.Type;

/**
 * What is Prometheus' own in the export convention: its character set, its family types and its counter
 * samples ending in {@code _total}. The rest (which parts make a name, the {@code _total} rule, units) comes
 * from {@link ExportNames} and {@link ExportUnit}.
 */
final class PrometheusNames {

  private PrometheusNames() {}

  /**
   * The family name of a value, by the shared rule {@link PrometheusExportNames#familyName}: {@code N_M_D} in
   * Prometheus' character set, a counter's without its trailing {@code _total}s, then the unit's word.
   */
  static String familyName(String namespace, String metricName, String dimension, ValueKind kind,
      ExportUnit unit) {
    return PrometheusExportNames.familyName(namespace, metricName, dimension, kind, unit);
  }

  /** The unit's word in Prometheus' character set, {@code ""} for none ({@link PrometheusExportNames}). */
  static String unitSuffix(ExportUnit unit) {
    return PrometheusExportNames.unitSuffix(unit);
  }

  /** A dotted convention name in Prometheus' character set ({@link PrometheusExportNames#sanitize}). */
  static String sanitize(String raw) {
    return PrometheusExportNames.sanitize(raw);
  }

  /** The family type of a value kind: the one place this adapter switches on {@link ValueKind}. */
  static Type type(ValueKind kind) {
    return switch (kind) {
      case COUNTER -> Type.COUNTER;
      case GAUGE -> Type.GAUGE;
      case HISTOGRAM -> Type.HISTOGRAM;
    };
  }

  /** The sample name of a family's series: a counter's ends in {@code _total} (the shared rule). */
  static String sampleName(String familyName, Type type) {
    return PrometheusExportNames.sampleName(familyName, type == Type.COUNTER ? ValueKind.COUNTER : ValueKind.GAUGE);
  }
}
