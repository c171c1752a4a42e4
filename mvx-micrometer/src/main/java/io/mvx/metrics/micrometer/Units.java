package io.mvx.metrics.micrometer;

/** Translates the UCUM-style units of snapshots into Micrometer base units. */
final class Units {

  private Units() {}

  /**
   * The Micrometer base unit for {@code ucum}: {@code By} is {@code bytes}, {@code s} is {@code seconds},
   * {@code ms} is {@code milliseconds}, the dimensionless {@code 1} and the empty unit have none (null),
   * anything else is kept as it is.
   */
  static String baseUnit(String ucum) {
    return switch (ucum) {
      case "By" -> "bytes";
      case "s" -> "seconds";
      case "ms" -> "milliseconds";
      case "", "1" -> null;
      default -> ucum;
    };
  }
}
