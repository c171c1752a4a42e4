package io.mvx.metrics.engine;

import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RecorderListener;
import io.mvx.metrics.TraceContextSupplier;

/**
 * What a recorder was created with and where it lives, shared by the recorders created alike: a runtime
 * that holds a million per-entity recorders with the default options keeps one of these, not a million
 * copies of six fields.
 */
final class RecorderSettings {

  final RecorderRegistry registry;
  final Handoff handoff;
  final int capacity;
  final OverflowPolicy overflowPolicy;
  final RecorderListener listener;
  /** Where the trace context of each event is taken from; null when the recorders keep no exemplars. */
  final TraceContextSupplier traces;

  RecorderSettings(RecorderRegistry registry, Handoff handoff, int capacity, OverflowPolicy overflowPolicy,
      RecorderListener listener, TraceContextSupplier traces) {
    this.registry = registry;
    this.handoff = handoff;
    this.capacity = capacity;
    this.overflowPolicy = overflowPolicy;
    this.listener = listener;
    this.traces = traces;
  }

  /** True when a recorder created with these arguments can share these settings. */
  boolean sameAs(int capacity, OverflowPolicy overflowPolicy, RecorderListener listener, TraceContextSupplier traces) {
    return this.capacity == capacity && this.overflowPolicy == overflowPolicy && this.listener == listener
        && this.traces == traces;
  }
}
