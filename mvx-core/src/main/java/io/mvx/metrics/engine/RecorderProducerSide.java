package io.mvx.metrics.engine;

import io.mvx.metrics.OverflowPolicy;

/**
 * The first part of a recorder's field layout (HotSpot places a superclass's fields before its subclass's):
 * what producers touch on every event, the fields they write and the settings they read.
 */
abstract class RecorderProducerSide {
  final Handoff handoff;
  final int capacity;
  final OverflowPolicy overflowPolicy;
  /** The accepted count; its sign bit is set while the recorder does not accept events. */
  volatile long acceptWord;
  volatile long dropped;
  volatile long rejected;
  /** A recent value of {@code processed}: producers read the consumer's line only when it says full. */
  long processedSeen;
  /**
   * The dedicated lane of the thread that emitted last, so that a recorder fed by one thread finds its lane
   * without a thread-local lookup; valid only for the thread that owns it ({@link Lane#owner} is final).
   */
  Lane lastLane;
  boolean rejectionLogged;

  RecorderProducerSide(Handoff handoff, int capacity, OverflowPolicy overflowPolicy) {
    this.handoff = handoff;
    this.capacity = capacity;
    this.overflowPolicy = overflowPolicy;
  }
}
