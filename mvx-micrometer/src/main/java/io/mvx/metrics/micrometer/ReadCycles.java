package io.mvx.metrics.micrometer;

import java.util.function.LongSupplier;

/**
 * Splits the meter reads of a binder into read cycles, each served by one runtime snapshot.
 *
 * <p>Micrometer reads meters one by one and tells nobody when a scrape or a publish begins or ends. What a
 * registry does show is rhythm: the reads of one scrape come in a burst, microseconds apart, and the next
 * scrape comes after a quiet gap. So a read starts a new cycle when
 * <ul>
 *   <li>it comes more than the <em>read gap</em> after the end of the previous read (the quiet gap between
 *       two scrapes, or a test's emit-then-read); or
 *   <li>the current cycle's snapshot is older than the <em>staleness</em> bound (a reader that never pauses
 *       still gets fresh values that often); or
 *   <li>no cycle has started yet;
 * </ul>
 * except that after a failed snapshot no cycle starts before the failure back-off has passed. The end of a
 * read is taken after its refresh, so the time a snapshot takes never looks like a gap.
 *
 * <p>Thread-safe: the timestamps are volatile and a stale one at worst starts one cycle more or one less;
 * the export's lock makes sure only one thread refreshes at a time.
 */
final class ReadCycles {

  private final LongSupplier nanoClock;
  private final long readGapNanos;
  private final long stalenessNanos;

  private volatile long lastReadEnd;
  private volatile long cycleStart;
  private volatile long retryAt;
  private volatile boolean backingOff;

  ReadCycles(LongSupplier nanoClock, long readGapNanos, long stalenessNanos) {
    this.nanoClock = nanoClock;
    this.readGapNanos = readGapNanos;
    this.stalenessNanos = stalenessNanos;
  }

  /** Whether a read now starts a new cycle (the caller then takes a snapshot and calls {@link #started}). */
  boolean startsCycle() {
    long now = nanoClock.getAsLong();
    if (backingOff && now - retryAt < 0) {
      return false;
    }
    return now - lastReadEnd > readGapNanos || now - cycleStart >= stalenessNanos;
  }

  /** A fresh snapshot was taken: a new cycle starts now. */
  void started() {
    cycleStart = nanoClock.getAsLong();
    backingOff = false;
  }

  /** The snapshot failed: no new cycle for {@code backoffNanos}. */
  void failed(long backoffNanos) {
    long now = nanoClock.getAsLong();
    cycleStart = now;
    retryAt = now + backoffNanos;
    backingOff = true;
  }

  /** A read ended; the read gap is measured from here. */
  void readDone() {
    lastReadEnd = nanoClock.getAsLong();
  }
}
