package io.mvx.metrics.snapshot;

/**
 * Event accounting of one recorder. Every {@code registerEvent} call is counted exactly once in
 * {@code accepted}, {@code dropped} or {@code rejected}; at quiescence {@code accepted == processed}.
 * Read while calls are in flight, {@code accepted} may for a moment include an event that the same call then
 * refuses (and counts as dropped or rejected).
 *
 * @param accepted events taken into the recorder's queue
 * @param dropped events refused because the queue was full
 * @param rejected events refused because the recorder was not running
 * @param processed accepted events delivered to every metric of the recorder
 * @param handlerErrors exceptions thrown by the recorder's metrics, snapshots and listeners
 * @param pending accepted events not yet processed
 */
public record RecorderStats(
    long accepted, long dropped, long rejected, long processed, long handlerErrors, long pending) {

  private static final RecorderStats EMPTY = new RecorderStats(0, 0, 0, 0, 0, 0);

  /**
   * Rejects negative counts.
   *
   * @param accepted events taken into the recorder's queue
   * @param dropped events refused because the queue was full
   * @param rejected events refused because the recorder was not running
   * @param processed accepted events delivered to every metric of the recorder
   * @param handlerErrors exceptions thrown by the recorder's metrics, snapshots and listeners
   * @param pending accepted events not yet processed
   * @throws IllegalArgumentException if a count is negative
   */
  public RecorderStats {
    StatsChecks.nonNegative(accepted, "accepted");
    StatsChecks.nonNegative(dropped, "dropped");
    StatsChecks.nonNegative(rejected, "rejected");
    StatsChecks.nonNegative(processed, "processed");
    StatsChecks.nonNegative(handlerErrors, "handlerErrors");
    StatsChecks.nonNegative(pending, "pending");
  }

  /**
   * All zero.
   *
   * @return statistics with every count zero
   */
  public static RecorderStats empty() {
    return EMPTY;
  }
}
