package io.mvx.metrics.engine;

import io.mvx.metrics.OverflowPolicy;

/** Fields the processing thread writes and other threads read. */
abstract class RecorderConsumerSide extends RecorderPadding {
  volatile long processed;
  volatile long handlerErrors;

  RecorderConsumerSide(Handoff handoff, int capacity, OverflowPolicy overflowPolicy) {
    super(handoff, capacity, overflowPolicy);
  }
}
