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
 * @param bufferFullDropped of {@code dropped}, the events refused because the whole runtime held
 *     {@code eventBufferCapacity} pending events (the rest found their recorder's queue full)
 * @param recordersExpired recorders stopped and removed because they took no event for their idle timeout
 * @param recordersRefused {@code createRecorder} calls refused because the runtime held {@code maxRecorders}
 * @param handlersHung calls into metric or listener code that ran longer than the runtime's
 *     {@code handlerTimeout}: each put its recorder into {@code FAILURE} and moved processing to a new thread
 */
public record RuntimeStats(
    long accepted,
    long dropped,
    long rejected,
    long processed,
    long handlerErrors,
    long pending,
    long recorders,
    long bufferFullDropped,
    long recordersExpired,
    long recordersRefused,
    long handlersHung) {

  private static final RuntimeStats EMPTY = new RuntimeStats(0, 0, 0, 0, 0, 0, 0);

  /**
   * Rejects negative counts.
   *
   * @param accepted events taken into a recorder queue
   * @param dropped events refused because a queue was full
   * @param rejected events refused because their recorder was not running
   * @param processed accepted events delivered to every metric of their recorder
   * @param handlerErrors exceptions thrown by metrics, snapshots and listeners
   * @param pending accepted events not yet processed
   * @param recorders recorders registered now
   * @param bufferFullDropped of {@code dropped}, the events refused because the whole runtime was full
   * @param recordersExpired recorders removed after their idle timeout
   * @param recordersRefused {@code createRecorder} calls refused at {@code maxRecorders}
   * @param handlersHung calls into metric or listener code that ran longer than {@code handlerTimeout}
   * @throws IllegalArgumentException if a count is negative
   */
  public RuntimeStats {
    StatsChecks.nonNegative(accepted, "accepted");
    StatsChecks.nonNegative(dropped, "dropped");
    StatsChecks.nonNegative(rejected, "rejected");
    StatsChecks.nonNegative(processed, "processed");
    StatsChecks.nonNegative(handlerErrors, "handlerErrors");
    StatsChecks.nonNegative(pending, "pending");
    StatsChecks.nonNegative(recorders, "recorders");
    StatsChecks.nonNegative(bufferFullDropped, "bufferFullDropped");
    StatsChecks.nonNegative(recordersExpired, "recordersExpired");
    StatsChecks.nonNegative(recordersRefused, "recordersRefused");
    StatsChecks.nonNegative(handlersHung, "handlersHung");
  }

  /**
   * Statistics without buffer-full drops, expired or refused recorders and hung handlers.
   *
   * @param accepted events taken into a recorder queue
   * @param dropped events refused because a queue was full
   * @param rejected events refused because their recorder was not running
   * @param processed accepted events delivered to every metric of their recorder
   * @param handlerErrors exceptions thrown by metrics, snapshots and listeners
   * @param pending accepted events not yet processed
   * @param recorders recorders registered now
   * @throws IllegalArgumentException if a count is negative
   */
  public RuntimeStats(long accepted, long dropped, long rejected, long processed, long handlerErrors,
      long pending, long recorders) {
    this(accepted, dropped, rejected, processed, handlerErrors, pending, recorders, 0, 0, 0, 0);
  }

  /**
   * All zero.
   *
   * @return statistics with every count zero
   */
  public static RuntimeStats empty() {
    return EMPTY;
  }
}
