package io.mvx.metrics.examples.snippets;

// tag::ready-made[]
import io.mvx.metrics.EventMetrics;
import io.mvx.metrics.Histogram;
import io.mvx.metrics.MetricsRecorder;
import io.mvx.metrics.examples.DocumentSaveAttempt;
// end::ready-made[]

/** The demo's two explicit document metrics, made by {@code EventMetrics} instead: the same snapshots. */
final class ReadyMadeMetrics {

  private ReadyMadeMetrics() {}

  static void register(MetricsRecorder metrics) {
    // tag::ready-made[]
    metrics.registerMetric(EventMetrics.builder("document_storage.save.attempts", DocumentSaveAttempt.class)
        .description("Document save attempts by outcome")
        .label("outcome", attempt -> attempt.success() ? "success" : "failure", "success", "failure")
        .count());
    metrics.registerMetric(EventMetrics.builder("document_storage.save", DocumentSaveAttempt.class)
        .description("Document save durations, failed attempts included")
        .unit("s")
        .histogram("duration", DocumentSaveAttempt::durationSeconds, Histogram::defaultLatencySeconds));
    // end::ready-made[]
  }
}
