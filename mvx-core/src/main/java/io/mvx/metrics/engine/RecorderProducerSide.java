package io.mvx.metrics.engine;

import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The first part of a recorder's field layout (HotSpot places a superclass's fields before its subclass's,
 * longs first): what producers touch on every event, then fields nobody touches per event. Those cold fields
 * keep the fields the processing thread writes ({@link RecorderConsumerSide}) at least a cache line away from
 * the accept word, so that neither thread pulls the other's line per event, without padding that would cost
 * every per-entity recorder 64 bytes.
 */
abstract class RecorderProducerSide {
  /** The accepted count; its sign bit is set while the recorder does not accept events. */
  volatile long acceptWord;
  volatile long dropped;
  volatile long rejected;
  /** A recent value of {@code processed}: producers read the consumer's line only when it says full. */
  long processedSeen;
  final Handoff handoff;
  final int capacity;
  final OverflowPolicy overflowPolicy;
  /**
   * The dedicated lane of the thread that emitted last, so that a recorder fed by one thread finds its lane
   * without a thread-local lookup; valid only for the thread that owns it ({@link Lane#owner} is final).
   */
  Lane lastLane;
  boolean rejectionLogged;

  // cold: read and written now and then, by the processing thread or on slow paths
  final Engine engine;
  final String id;
  /** The idle-expiry state, or null when the recorder has no idle timeout. */
  final RecorderLifecycle.Expiry expiry;
  volatile MetricsRecorderState state = MetricsRecorderState.STARTING;
  volatile Map<String, MetricSnapshot> finalSnapshots = Map.of();
  /** Processing thread only. */
  boolean registered;
  /** Processing thread only. */
  boolean removing;
  /** Processing thread only. */
  List<CompletableFuture<Void>> stopWaiters;
  /** The registry's creation-order list of registered recorders; processing thread only. */
  RecorderLifecycle previous;
  RecorderLifecycle next;

  RecorderProducerSide(Engine engine, String id, int capacity, OverflowPolicy overflowPolicy,
      RecorderLifecycle.Expiry expiry) {
    this.handoff = engine.handoff();
    this.capacity = capacity;
    this.overflowPolicy = overflowPolicy;
    this.engine = engine;
    this.id = id;
    this.expiry = expiry;
  }
}
