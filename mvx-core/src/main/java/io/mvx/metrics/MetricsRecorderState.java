package io.mvx.metrics;

/** The lifecycle of a {@link RuntimeRecorder}; a stopped recorder can be started again. */
public enum MetricsRecorderState {
  /** Its listener's {@code onStarting} is running. */
  STARTING,
  /** Accepting events. */
  RUNNING,
  /** Draining the events accepted before {@code stop()}; new events are rejected. */
  STOPPING,
  /** Drained; new events are rejected, snapshots show the final state. */
  STOPPED,
  /** A (re)start failed because {@code onStarting} threw; it can be started again. */
  FAILURE
}
