package io.mvx.metrics.benchmarks;

/** Self-verification of the benchmarks: a failed check fails the benchmark instead of reporting a number. */
final class Check {

  private Check() {}

  static void equal(String what, long expected, long actual) {
    if (expected != actual) {
      throw new IllegalStateException(what + ": expected " + expected + " but was " + actual);
    }
  }

  static void isTrue(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
