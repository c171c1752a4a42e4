package io.mvx.metrics.reliability;

/**
 * Prints the figures a test measured, one {@code FIGURE test: text} line each, so that
 * {@code docs/RELIABILITY.md} can quote them (surefire keeps them in
 * {@code target/surefire-reports/*-output.txt}). Figures are reported, never asserted on timing.
 */
final class Figures {

  private Figures() {}

  static void report(String test, String format, Object... arguments) {
    System.out.println("FIGURE " + test + ": " + String.format(format, arguments));
  }
}
