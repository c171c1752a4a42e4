package io.mvx.metrics;

/**
 * Tells adapters when the runtime's registry changes; register with
 * {@link MetricsRuntime#addRegistryListener(RegistryListener)}. Every method is a no-op by default.
 *
 * <p>Called on the runtime's processing thread; an exception is caught, counted and logged. Keep these
 * short: they hold up every recorder of the runtime.
 */
public interface RegistryListener {

  /** A recorder was created and is running. */
  default void recorderCreated(RuntimeRecorder recorder) {}

  /** A recorder was stopped and removed from the registry (also at shutdown). */
  default void recorderRemoved(RuntimeRecorder recorder) {}

  /** A metric was registered in a recorder. */
  default void metricRegistered(RuntimeRecorder recorder, Metric metric) {}
}
