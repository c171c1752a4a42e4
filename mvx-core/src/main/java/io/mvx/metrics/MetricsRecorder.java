package io.mvx.metrics;

import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.List;
import java.util.Map;

/**
 * The only metrics type production code depends on: it registers its metrics and emits events.
 *
 * <pre>{@code
 * final class DocumentStorage {
 *   private final MetricsRecorder metrics;
 *
 *   DocumentStorage(MetricsRecorder metrics) {
 *     this.metrics = metrics == null ? MetricsRecorder.noop() : metrics;
 *     this.metrics.registerMetric(new DocumentSaveAttemptsMetric());
 *   }
 *
 *   void saveDocument(String id, String content) {
 *     metrics.registerEvent(new DocumentSaveAttempt(Outcome.SUCCESS, 1.5));
 *   }
 * }
 * }</pre>
 */
public interface MetricsRecorder {

  /**
   * Registers a metric; it sees every event emitted after this call returns.
   *
   * @param metric the metric, with a name not yet registered in this recorder
   * @throws NullPointerException if {@code metric} or its name is null
   * @throws IllegalArgumentException if the metric name is not a valid name
   * @throws MetricsException {@code METRIC_ALREADY_REGISTERED} when a metric of that name is registered
   */
  void registerMetric(Metric metric);

  /**
   * Hands an event over to the recorder's metrics: a short, non-blocking call, safe from any thread.
   *
   * <p>It never throws for state: on a recorder that is not running the event is counted as rejected.
   *
   * @param event the event, immutable
   * @throws NullPointerException if {@code event} is null
   * @throws MetricsException {@code QUEUE_OVERFLOW} when the queue is full under
   *     {@link OverflowPolicy#RAISE_ERROR} (the event is counted as dropped)
   */
  void registerEvent(MetricEvent event);

  /**
   * The snapshot of every registered metric, keyed by metric name in registration order. Every event
   * whose {@code registerEvent} happened before this call is reflected.
   *
   * @return metric name to snapshot, in registration order
   */
  Map<String, MetricSnapshot> getMetricSnapshots();

  /**
   * The registered metrics in registration order, as a copy.
   *
   * @return the metrics
   */
  List<Metric> metrics();

  /**
   * A recorder for when metrics are disabled: it accepts everything and ignores it.
   *
   * @return the shared no-op recorder
   */
  static MetricsRecorder noop() {
    return NoopRecorder.INSTANCE;
  }
}
