package io.mvx.metrics.engine;

/**
 * Event counts summed over recorders: what {@link RecorderRegistry} adds up for the runtime's statistics,
 * and keeps for the recorders already removed. Not thread-safe: build one, then read it.
 */
final class Totals {
  long accepted;
  long processed;
  long handlerErrors;
  long pending;

  void add(long accepted, long processed, long handlerErrors, long pending) {
    this.accepted += accepted;
    this.processed += processed;
    this.handlerErrors += handlerErrors;
    this.pending += pending;
  }

  void add(Totals other) {
    add(other.accepted, other.processed, other.handlerErrors, other.pending);
  }

  Totals copy() {
    Totals copy = new Totals();
    copy.add(this);
    return copy;
  }
}
