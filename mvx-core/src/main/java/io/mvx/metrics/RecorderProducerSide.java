package io.mvx.metrics;

/**
 * The first part of {@link DefaultRecorder}'s field layout (HotSpot places a superclass's fields before its
 * subclass's): what producers touch on every event, the fields they write and the settings they read, kept
 * apart from the fields the processing thread writes.
 */
abstract class RecorderProducerSide {
  final EventRing ring;
  final int capacity;
  final OverflowPolicy overflowPolicy;
  /** The accepted count; its sign bit is set while the recorder does not accept events. */
  volatile long acceptWord;
  volatile long dropped;
  volatile long rejected;
  /** A recent value of {@code processed}: producers read the consumer's line only when it says full. */
  volatile long processedSeen;
  boolean rejectionLogged;

  RecorderProducerSide(EventRing ring, int capacity, OverflowPolicy overflowPolicy) {
    this.ring = ring;
    this.capacity = capacity;
    this.overflowPolicy = overflowPolicy;
  }
}
