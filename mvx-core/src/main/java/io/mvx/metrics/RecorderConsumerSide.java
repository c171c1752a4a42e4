package io.mvx.metrics;

/** Fields the processing thread writes and other threads read. */
abstract class RecorderConsumerSide extends RecorderPadding {
  volatile long processed;
  volatile long handlerErrors;

  RecorderConsumerSide(EventRing ring, int capacity, OverflowPolicy overflowPolicy) {
    super(ring, capacity, overflowPolicy);
  }
}
