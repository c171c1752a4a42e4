package io.mvx.metrics.engine;

import io.mvx.metrics.OverflowPolicy;

/** Keeps the producer-written and consumer-written fields on different cache lines. */
abstract class RecorderPadding extends RecorderProducerSide {
  long p0, p1, p2, p3, p4, p5, p6, p7;

  RecorderPadding(Handoff handoff, int capacity, OverflowPolicy overflowPolicy) {
    super(handoff, capacity, overflowPolicy);
  }
}
