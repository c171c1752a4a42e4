package io.mvx.metrics;

/**
 * Hooks into one recorder's lifecycle, all called on the runtime's processing thread; every method is a
 * no-op by default.
 *
 * <p>Except for {@link #onStarting}, an exception thrown here is caught, counted in the recorder's
 * {@code handlerErrors} and logged. Calls back into the runtime or recorder made from these methods run
 * inline and never deadlock. Keep them short: they hold up every recorder of the runtime.
 */
public interface RecorderListener {

  /**
   * Called before the recorder starts accepting events; throwing fails the start.
   *
   * @param recorderId the recorder's id
   */
  default void onStarting(String recorderId) {}

  /**
   * Called after {@code metric} accepted {@code event}; the metric already shows the new state.
   *
   * @param recorderId the recorder's id
   * @param metric the metric whose {@link Metric#handleEvent} returned {@code true}
   * @param event the event it accepted
   */
  default void onMetricChanged(String recorderId, Metric metric, MetricEvent event) {}

  /**
   * Called once the recorder has drained and stopped.
   *
   * @param recorderId the recorder's id
   */
  default void onStopped(String recorderId) {}
}
