package io.mvx.metrics.otel;

import io.mvx.metrics.internal.export.ExportNames;
import io.mvx.metrics.internal.export.ExportUnit;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.ValueKind;

/**
 * What is OpenTelemetry's own in the export convention: which instrument names and units it accepts. The
 * names and units themselves come from {@link ExportNames} and {@link ExportUnit}.
 */
final class InstrumentNames {

  /** The longest instrument name OpenTelemetry accepts. */
  static final int MAX_NAME_LENGTH = 255;
  /** The longest unit OpenTelemetry accepts. */
  static final int MAX_UNIT_LENGTH = 63;

  private InstrumentNames() {}

  /**
   * The convention's name of a value without its namespace: {@code M.D}, for counters without a trailing
   * {@code .total} or {@code _total} ({@link ExportNames#valueName}).
   */
  static String instrumentName(String metricName, String dimension, ValueKind kind) {
    return ExportNames.valueName(metricName, dimension, kind);
  }

  /**
   * Whether OpenTelemetry accepts {@code name}: an ASCII letter, then at most 254 of
   * {@code [A-Za-z0-9_.-/]}. The SDK turns an invalid name into an instrument that silently records
   * nothing, so the adapter checks first.
   */
  static boolean isValidName(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !isAsciiLetter(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' || c == '/')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The OpenTelemetry unit for a snapshot's UCUM unit ({@link ExportUnit#ucum()}: passed through, except the
   * dimensionless {@code 1}, which becomes no unit); {@code null} for a unit OpenTelemetry does not accept
   * (not ASCII or longer than 63 characters).
   */
  static String unit(String ucum) {
    String unit = ExportUnit.of(ucum).ucum();
    if (unit.length() > MAX_UNIT_LENGTH) {
      return null;
    }
    for (int i = 0; i < unit.length(); i++) {
      char c = unit.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return null;
      }
    }
    return unit;
  }

  /**
   * The description of an instrument: the snapshot's, else the metric name, so that a Prometheus exporter
   * downstream writes a HELP line (as {@code MvxCollector} does).
   */
  static String help(MetricSnapshot metric) {
    return metric.description().isEmpty() ? metric.name() : metric.description();
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
