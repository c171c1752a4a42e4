package io.mvx.metrics.otel;

import io.opentelemetry.api.metrics.BatchCallback;
import java.util.List;

/**
 * Instruments registered together under one {@code Meter.batchCallback}. Groups are only ever added:
 * each instrument belongs to exactly one group for the life of the registration, so no collection can
 * see an instrument twice (double counting) or miss it while callbacks are being swapped.
 */
final class InstrumentGroup {

  /** Runs a group's callback; the collector decides whether it needs a new runtime snapshot. */
  interface Observer {
    void observe(InstrumentGroup group);
  }

  private final List<ObservedInstrument> instruments;
  private long lastEpoch;
  private volatile BatchCallback callback;

  /**
   * @param lastEpoch the newest collection plan this group must not record from (it was built before the
   *     group could record it, or the group was created after it)
   */
  InstrumentGroup(List<ObservedInstrument> instruments, long lastEpoch) {
    this.instruments = List.copyOf(instruments);
    this.lastEpoch = lastEpoch;
  }

  List<ObservedInstrument> instruments() {
    return instruments;
  }

  /** The collection plan this group recorded last; guarded by the collector's lock. */
  long lastEpoch() {
    return lastEpoch;
  }

  /** Records the points of plan {@code epoch}; guarded by the collector's lock. */
  void record(long epoch) {
    lastEpoch = epoch;
    for (ObservedInstrument instrument : instruments) {
      instrument.record(epoch);
    }
  }

  void callback(BatchCallback callback) {
    this.callback = callback;
  }

  /** Unregisters the callback; the SDK no longer calls it. */
  void close() {
    BatchCallback current = callback;
    if (current != null) {
      current.close();
    }
  }
}
