package io.mvx.metrics.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a registry's statistics add up beyond its registered recorders: the recorders removed but still
 * draining, the final counts of those already retired, and the runtime-wide events dropped and rejected and
 * recorders refused and expired. A removed recorder is counted as draining from the moment it leaves the
 * registry until the processing thread retires it, so the totals never miss it nor count it twice.
 */
final class RegistryTotals {

  /** Removed recorders still draining: their counts belong to the totals until they are retired. */
  private final Map<DefaultRecorder, Boolean> draining = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  /** The totals of retired recorders; replaced as a whole by the processing thread. */
  private volatile Totals retired = new Totals();
  private volatile long expired;

  /** A recorder leaves the registry: called before it leaves the id map. */
  void draining(DefaultRecorder recorder) {
    draining.put(recorder, Boolean.TRUE);
  }

  /** Moves a drained recorder's final counts into the retired totals; processing thread (the single writer). */
  void retire(DefaultRecorder recorder) {
    Totals totals = retired.copy();
    recorder.addFinalTo(totals);
    recorder.retired = true;
    retired = totals;
    draining.remove(recorder);
  }

  /** Every recorder whose counts are not retired yet: {@code registered} and the draining ones. */
  List<DefaultRecorder> live(Collection<DefaultRecorder> registered) {
    List<DefaultRecorder> all = new ArrayList<>(registered);
    all.addAll(draining.keySet());
    return all;
  }

  /** Accepted, processed, handler errors and pending over retired, draining and {@code registered} recorders. */
  Totals sum(Collection<DefaultRecorder> registered) {
    Totals totals = retired.copy();
    for (DefaultRecorder recorder : draining.keySet()) {
      recorder.addTo(totals);
    }
    for (DefaultRecorder recorder : registered) {
      recorder.addTo(totals);
    }
    return totals;
  }

  void countDropped() {
    dropped.increment();
  }

  void countRejected(long count) {
    rejected.add(count);
  }

  void countRefused() {
    refused.increment();
  }

  /** Counts an idle expiry; processing thread (the single writer). */
  void countExpired() {
    expired++;
  }

  long dropped() {
    return dropped.sum();
  }

  long rejected() {
    return rejected.sum();
  }

  long expired() {
    return expired;
  }

  long refused() {
    return refused.sum();
  }
}
