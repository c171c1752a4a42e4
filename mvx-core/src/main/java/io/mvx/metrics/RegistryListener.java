package io.mvx.metrics;

import io.mvx.metrics.snapshot.MetricSnapshot;

/**
 * Tells adapters when the runtime's registry changes; register with
 * {@link MetricsRuntime#addRegistryListener(RegistryListener)}. Every method is a no-op by default.
 *
 * <p>Called on the runtime's processing thread (except {@link #recorderDetached}), guarded like metric code: an exception is caught, counted in
 * {@code handlerErrors} and logged, and a call that runs longer than the runtime's {@code handlerTimeout}
 * fails the recorder it concerns. Keep these short. Adapters receive snapshots, never the user's
 * {@link Metric}: a metric whose snapshot throws is counted and not announced.
 */
public interface RegistryListener {

  /**
   * A recorder was created and is running.
   *
   * @param recorder the recorder
   */
  default void recorderCreated(RuntimeRecorder recorder) {}

  /**
   * A recorder left the registry: called at once, in the thread that removed it ({@code stopAndRemoveRecorder},
   * or the processing thread for idle expiry and shutdown), before its events have drained. An adapter whose
   * backend lists series before it reads them (a Micrometer registry) drops the recorder's series here, so the
   * next scrape no longer shows them. Unlike the other methods it does not run on the processing thread: keep
   * it short and thread-safe. An exception is caught, counted in the recorder's {@code handlerErrors} and
   * logged.
   *
   * @param recorder the recorder
   */
  default void recorderDetached(RuntimeRecorder recorder) {}

  /**
   * A recorder was stopped and removed from the registry (also at shutdown), after its last event was
   * processed.
   *
   * @param recorder the recorder
   */
  default void recorderRemoved(RuntimeRecorder recorder) {}

  /**
   * A metric was registered in a recorder.
   *
   * @param recorder the recorder
   * @param snapshot the metric's first snapshot, taken on the processing thread through the guarded path
   */
  default void metricRegistered(RuntimeRecorder recorder, MetricSnapshot snapshot) {}
}
