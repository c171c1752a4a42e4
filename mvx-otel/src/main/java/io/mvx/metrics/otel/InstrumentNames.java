package io.mvx.metrics.otel;

import io.mvx.metrics.snapshot.ValueKind;

/**
 * The export mapping's naming rules: instrument names, their validation against the OpenTelemetry rules,
 * and units.
 */
final class InstrumentNames {

  /** The longest instrument name OpenTelemetry accepts. */
  static final int MAX_NAME_LENGTH = 255;
  /** The longest unit OpenTelemetry accepts. */
  static final int MAX_UNIT_LENGTH = 63;

  private InstrumentNames() {}

  /**
   * {@code metricName + "." + dimension}; for counters a trailing {@code .total} or {@code _total} is
   * removed ({@code attempts.success_total} becomes {@code attempts.success}, {@code attempts.total}
   * becomes {@code attempts}), and so is a dot it would leave at the end.
   */
  static String instrumentName(String metricName, String dimension, ValueKind kind) {
    String name = metricName + "." + dimension;
    if (kind != ValueKind.COUNTER) {
      return name;
    }
    int end = name.length() - "_total".length();
    if (name.endsWith("total") && (name.charAt(end) == '.' || name.charAt(end) == '_')) {
      name = name.substring(0, end);
      if (name.endsWith(".")) {
        name = name.substring(0, name.length() - 1);
      }
    }
    return name;
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
   * The OpenTelemetry unit for a snapshot's UCUM unit: passed through ({@code By}, {@code s},
   * {@code ms}, ...), except the dimensionless {@code 1}, which becomes no unit (OpenTelemetry's
   * Prometheus exporter would otherwise append {@code _ratio} to counts). Returns {@code null} for a
   * unit OpenTelemetry does not accept (not ASCII or longer than 63 characters).
   */
  static String unit(String ucum) {
    if (ucum.isEmpty() || ucum.equals("1")) {
      return "";
    }
    if (ucum.length() > MAX_UNIT_LENGTH) {
      return null;
    }
    for (int i = 0; i < ucum.length(); i++) {
      char c = ucum.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return null;
      }
    }
    return ucum;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
