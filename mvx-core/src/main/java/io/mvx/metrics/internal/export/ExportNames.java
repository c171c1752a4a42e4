package io.mvx.metrics.internal.export;

import io.mvx.metrics.snapshot.ValueKind;

/**
 * The naming rules shared by every adapter. For namespace {@code N}, metric {@code M} and dimension {@code D}
 * the exported name is built from {@code N}, {@code M} and {@code D}; a counter's name loses its trailing
 * {@code _total} (a backend that wants one, such as Prometheus, adds it back to the sample), so that every
 * backend starts from the same base name. Each adapter only adds its backend's spelling: separators and
 * character set. Not API: this class may change without notice.
 */
public final class ExportNames {

  /** The suffix of a counter: stripped from names, added again by Prometheus to a counter's samples. */
  public static final String TOTAL_SUFFIX = "_total";
  /** The first parts of every runtime statistic's name. */
  public static final String RUNTIME_PREFIX = "mvx.runtime";

  private static final String TOTAL = "total";

  private ExportNames() {}

  /**
   * The name of a value without its namespace, parts joined by dots: {@code M.D}, for a counter without
   * its trailing {@code _total} or {@code .total} ({@link #withoutTotal}).
   *
   * @param metricName the metric's name
   * @param dimension the value's dimension
   * @param kind the value's kind
   * @return the dotted name
   */
  public static String valueName(String metricName, String dimension, ValueKind kind) {
    String name = metricName + '.' + dimension;
    return kind == ValueKind.COUNTER ? withoutTotal(name) : name;
  }

  /**
   * The name of a value with its namespace, parts joined by dots: {@code N.M.D}, for a counter without its
   * trailing {@code _total} ({@code N.document_storage.save.attempts.success_total} becomes
   * {@code N.document_storage.save.attempts.success}, dimension {@code total} gives {@code N.M}).
   *
   * @param namespace the runtime's namespace
   * @param metricName the metric's name
   * @param dimension the value's dimension
   * @param kind the value's kind
   * @return the dotted name
   */
  public static String qualifiedValueName(String namespace, String metricName, String dimension,
      ValueKind kind) {
    return namespace + '.' + valueName(metricName, dimension, kind);
  }

  /**
   * The {@code _total} rule: {@code name} without every trailing {@code _total} or {@code .total} (and
   * without a dot that would be left at the end); a name that would be left empty is kept.
   *
   * @param name a name
   * @return the name without its trailing totals
   */
  public static String withoutTotal(String name) {
    String out = name;
    while (out.length() > TOTAL.length() + 1 && out.endsWith(TOTAL)) {
      char separator = out.charAt(out.length() - TOTAL.length() - 1);
      if (separator != '_' && separator != '.') {
        break;
      }
      out = out.substring(0, out.length() - TOTAL.length() - 1);
      if (out.endsWith(".")) {
        out = out.substring(0, out.length() - 1); // "jobs._total": no dot left at the end
      }
    }
    return out;
  }

  /**
   * {@code name} followed by {@code separator} and {@code unit}, unless {@code unit} is empty or the name
   * already ends with it (the OpenTelemetry specification's rule for Prometheus names, which Micrometer's
   * Prometheus naming convention follows too).
   *
   * @param name a name
   * @param separator the backend's separator
   * @param unit the backend's spelling of the unit, {@code ""} for none
   * @return the name with the unit as its suffix
   */
  public static String withUnit(String name, char separator, String unit) {
    if (unit.isEmpty() || name.endsWith(separator + unit)) {
      return name;
    }
    return name + separator + unit;
  }

  /**
   * The dotted name of a runtime statistic, e.g. {@code mvx.runtime.events.accepted}.
   *
   * @param parts the statistic's own parts, e.g. {@code events.accepted}
   * @return the dotted name
   */
  public static String runtimeName(String parts) {
    return RUNTIME_PREFIX + '.' + parts;
  }
}
