package io.mvx.metrics.prometheus;

import io.mvx.metrics.internal.export.ExportNames;
import io.mvx.metrics.internal.export.ExportUnit;
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
   * The family name of a value: {@code N_M_D} with every code point outside {@code [a-zA-Z0-9_:]} replaced
   * by one {@code _} (and a {@code _} in front of a leading digit); a counter's family without its trailing
   * {@code _total}s (its samples get one back); then the unit's word as a suffix unless the name already
   * ends with it. This is the name Micrometer's Prometheus registry and OpenTelemetry's Prometheus
   * translation give the same value.
   */
  static String familyName(String namespace, String metricName, String dimension, ValueKind kind,
      ExportUnit unit) {
    String name = sanitize(namespace + '_' + metricName + '_' + dimension);
    if (kind == ValueKind.COUNTER) {
      name = ExportNames.withoutTotal(name);
    }
    return ExportNames.withUnit(name, '_', unitSuffix(unit));
  }

  /** The unit's word in Prometheus' character set, {@code ""} for none; the OpenMetrics {@code # UNIT}. */
  static String unitSuffix(ExportUnit unit) {
    return unit.word().isEmpty() ? "" : sanitize(unit.word());
  }

  /** The dotted convention name in Prometheus' character set, e.g. {@code mvx_runtime_events_accepted}. */
  static String sanitize(String raw) {
    StringBuilder out = new StringBuilder(raw.length() + 1);
    raw.codePoints().forEach(c -> out.append(allowed(c) ? (char) c : '_'));
    if (out.length() == 0 || (out.charAt(0) >= '0' && out.charAt(0) <= '9')) {
      out.insert(0, '_');
    }
    return out.toString();
  }

  /** The family type of a value kind: the one place this adapter switches on {@link ValueKind}. */
  static Type type(ValueKind kind) {
    return switch (kind) {
      case COUNTER -> Type.COUNTER;
      case GAUGE -> Type.GAUGE;
      case HISTOGRAM -> Type.HISTOGRAM;
    };
  }

  /** The sample name of a family's series: a counter's ends in {@code _total}. */
  static String sampleName(String familyName, Type type) {
    return type == Type.COUNTER ? familyName + ExportNames.TOTAL_SUFFIX : familyName;
  }

  private static boolean allowed(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
  }
}
