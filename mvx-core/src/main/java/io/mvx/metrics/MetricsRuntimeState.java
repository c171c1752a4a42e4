package io.mvx.metrics;

/** The lifecycle of a {@link MetricsRuntime}; it never restarts once closed. */
public enum MetricsRuntimeState {
  /** Created, not started. */
  VIRGIN,
  /** {@code start()} is in progress. */
  STARTING,
  /** The processing thread runs; recorders can be created. */
  RUNNING,
  /** {@code shutdown()} is draining and stopping the recorders. */
  STOPPING,
  /** Shut down: the thread is released and the registry is empty. */
  CLOSED,
  /** Start or shutdown failed; {@code shutdown()} still releases the thread. */
  FAILURE
}
