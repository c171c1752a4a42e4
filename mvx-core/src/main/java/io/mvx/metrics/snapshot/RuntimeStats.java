package io.mvx.metrics.snapshot;

/**
 * Event accounting of a whole runtime: the sums over its recorders (including the ones removed since
 * it started) plus the number of recorders registered now.
 *
 * @param accepted events taken into a recorder queue
 * @param dropped events refused because a queue was full
 * @param rejected events refused because their recorder was not running
 * @param processed accepted events delivered to every metric of their recorder
 * @param handlerErrors exceptions thrown by metrics, snapshots and listeners
 * @param pending accepted events not yet processed
 * @param recorders recorders registered now
 */
public record RuntimeStats(
    long accepted,
    long dropped,
    long rejected,
    long processed,
    long handlerErrors,
    long pending,
    long recorders) {

  private static final RuntimeStats EMPTY = new RuntimeStats(0, 0, 0, 0, 0, 0, 0);

  /** Rejects negative counts. */
  public RuntimeStats {
    StatsChecks.nonNegative(accepted, "accepted");
    StatsChecks.nonNegative(dropped, "dropped");
    StatsChecks.nonNegative(rejected, "rejected");
    StatsChecks.nonNegative(processed, "processed");
    StatsChecks.nonNegative(handlerErrors, "handlerErrors");
    StatsChecks.nonNegative(pending, "pending");
    StatsChecks.nonNegative(recorders, "recorders");
  }

  /** All zero. */
  public static RuntimeStats empty() {
    return EMPTY;
  }
}
