package io.mvx.metrics.engine;

import io.mvx.metrics.RecorderListener;

/**
 * Padding before a loop's run state, away from whatever object lies before it: 128 bytes, two lines, as a
 * core may fetch lines in pairs, and bytes for the holes of the field layout (see {@link LanePad0}).
 */
abstract class ProcessingLoopPad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
  byte b00, b01, b02, b03, b04, b05, b06, b07;
}

/**
 * The run a loop is delivering, written on every event ({@code runLength}): on lines of its own, so that no
 * producer reading a neighbouring object pays a transfer between cores per event.
 */
abstract class ProcessingLoopRun extends ProcessingLoopPad0 {
  long now;
  /** The recorder whose consecutive events are being delivered, and how many so far. */
  DefaultRecorder run;
  long runLength;
  /**
   * Pairs of {@link #acceptRepeats} after the one being delivered, zero outside it: a takeover counts them as
   * rejected.
   */
  int runLeft;
  /** True when the current run's events are not delivered (a failed recorder) but counted as rejected. */
  boolean runDiscarded;
  /** The current run's recorder's metrics and listener. */
  Object runMetrics;
  RecorderListener runListener;
}

/** Padding after a loop's run state. */
abstract class ProcessingLoopFields extends ProcessingLoopRun {
  long p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
  byte b10, b11, b12, b13, b14, b15, b16, b17;
}
