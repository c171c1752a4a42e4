package io.mvx.metrics.snapshot;

final class StatsChecks {
  private StatsChecks() {}

  static void nonNegative(long value, String argument) {
    if (value < 0) {
      throw new IllegalArgumentException(value + ": " + argument + " must be >= 0");
    }
  }
}
