package io.mvx.metrics.internal.export;

import io.mvx.metrics.snapshot.ValueKind;
import java.util.List;

/**
 * Prometheus' spelling of the convention, shared by the two Prometheus adapters (simpleclient and client_java
 * 1.x) so that both write the same names: the character set {@code [a-zA-Z0-9_:]}, the family name of a
 * value, the unit suffix, and the names a family occupies in an exposition (a counter {@code x} writes
 * {@code x_total} and may write {@code x_created}), which decide when two families overlap. Not API: this
 * class may change without notice.
 */
public final class PrometheusExportNames {

  private PrometheusExportNames() {}

  /**
   * The family name of a value: {@code N_M_D} {@linkplain #sanitize sanitised}; a counter's without its
   * trailing {@code _total}s (its samples get one back); then the unit's word as a suffix unless the name
   * already ends with it.
   *
   * @param namespace the runtime's namespace
   * @param metricName the metric's name
   * @param dimension the value's dimension
   * @param kind the value's kind
   * @param unit the metric's unit
   * @return the family name
   */
  public static String familyName(String namespace, String metricName, String dimension, ValueKind kind,
      ExportUnit unit) {
    String name = sanitize(namespace + '_' + metricName + '_' + dimension);
    if (kind == ValueKind.COUNTER) {
      name = ExportNames.withoutTotal(name);
    }
    return ExportNames.withUnit(name, '_', unitSuffix(unit));
  }

  /**
   * The unit's word in Prometheus' character set, {@code ""} for none: the family name's suffix and the
   * OpenMetrics {@code # UNIT}.
   *
   * @param unit a unit
   * @return the suffix, or {@code ""}
   */
  public static String unitSuffix(ExportUnit unit) {
    return unit.word().isEmpty() ? "" : sanitize(unit.word());
  }

  /**
   * {@code raw} with every code point outside {@code [a-zA-Z0-9_:]} replaced by one {@code _}, and a
   * {@code _} in front of a leading digit (or of nothing).
   *
   * @param raw any text, e.g. a dotted convention name
   * @return a valid Prometheus metric name
   */
  public static String sanitize(String raw) {
    StringBuilder out = new StringBuilder(raw.length() + 1);
    raw.codePoints().forEach(c -> out.append(allowed(c) ? (char) c : '_'));
    if (out.length() == 0 || (out.charAt(0) >= '0' && out.charAt(0) <= '9')) {
      out.insert(0, '_');
    }
    return out.toString();
  }

  /**
   * The family name of a runtime statistic, e.g. {@code mvx_runtime_events_accepted} or
   * {@code mvx_runtime_snapshot_age_seconds} (the unit's word appended, as for every series).
   *
   * @param statistic the statistic
   * @return the family name
   */
  public static String runtimeFamily(RuntimeStatistic statistic) {
    return ExportNames.withUnit(sanitize(statistic.dottedName()), '_', unitSuffix(ExportUnit.of(statistic.unit())));
  }

  /**
   * The family name of the skip counter: {@code mvx_runtime_collector_skipped}.
   *
   * @return the family name
   */
  public static String skippedFamily() {
    return sanitize(RuntimeStatistic.skippedDottedName());
  }

  /**
   * The sample name of a family's plain series: a counter's ends in {@code _total}, a histogram's count is
   * {@code _count}; for log messages.
   *
   * @param familyName the family name
   * @param kind the family's kind
   * @return the sample name
   */
  public static String sampleName(String familyName, ValueKind kind) {
    return switch (kind) {
      case COUNTER -> familyName + ExportNames.TOTAL_SUFFIX;
      case HISTOGRAM -> familyName + "_count";
      case GAUGE -> familyName;
    };
  }

  /**
   * Every name a family of {@code kind} occupies in an exposition, its own name included (as simpleclient's
   * {@code MetricFamilySamples.getNames()} lists them): two families overlap when these lists share a name.
   *
   * @param familyName the family name
   * @param kind the family's kind
   * @return the occupied names
   */
  public static List<String> occupiedNames(String familyName, ValueKind kind) {
    return switch (kind) {
      case COUNTER -> List.of(familyName + "_total", familyName + "_created", familyName);
      case HISTOGRAM -> List.of(familyName + "_count", familyName + "_sum", familyName + "_bucket",
          familyName + "_created", familyName);
      case GAUGE -> List.of(familyName);
    };
  }

  private static boolean allowed(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
  }
}
