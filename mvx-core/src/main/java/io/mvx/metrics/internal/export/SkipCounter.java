package io.mvx.metrics.internal.export;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many snapshots and series an adapter left out, by {@link SkipReason}: every adapter counts one per
 * series and collection it leaves out (and one per failed snapshot), and exports the counts as the skip
 * counter. Thread-safe. Not API: this class may change without notice.
 */
public final class SkipCounter {

  private final AtomicLongArray counts = new AtomicLongArray(SkipReason.values().length);

  /** A counter with every reason at zero. */
  public SkipCounter() {}

  /**
   * Counts one skip.
   *
   * @param reason why
   */
  public void count(SkipReason reason) {
    counts.incrementAndGet(reason.ordinal());
  }

  /**
   * The skips counted for {@code reason} so far.
   *
   * @param reason a reason
   * @return the count
   */
  public long get(SkipReason reason) {
    return counts.get(reason.ordinal());
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("SkipCounter{");
    for (SkipReason reason : SkipReason.values()) {
      out.append(reason.label()).append('=').append(get(reason)).append(reason.ordinal() + 1 < counts.length() ? ", " : "}");
    }
    return out.toString();
  }
}
