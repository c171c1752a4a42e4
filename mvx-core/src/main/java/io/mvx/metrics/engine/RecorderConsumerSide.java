package io.mvx.metrics.engine;

import io.mvx.metrics.OverflowPolicy;

/**
 * Fields the processing thread writes and other threads read. They share lines with the producers' fields:
 * the processing thread writes them once per run of a recorder's events, not per event, so producers lose
 * the line rarely, and a recorder needs no padding (per-entity runtimes hold many of them).
 */
abstract class RecorderConsumerSide extends RecorderProducerSide {
  volatile long processed;
  volatile long handlerErrors;

  RecorderConsumerSide(Handoff handoff, int capacity, OverflowPolicy overflowPolicy) {
    super(handoff, capacity, overflowPolicy);
  }
}
