package io.mvx.metrics.examples.snippets;

// tag::quick-start[]
import io.mvx.metrics.EventMetrics;
import io.mvx.metrics.Histogram;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.examples.DocumentSaveAttempt;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.Map;
// end::quick-start[]

/** The README's 30-second start: a runtime, a recorder, two ready-made metrics, three events, a snapshot. */
// tag::quick-start[]
public final class QuickStart {

  public static void main(String[] args) {
    try (MetricsRuntime runtime = new MetricsRuntime("example.metrics")) {
      runtime.start();
      RuntimeRecorder recorder = runtime.createRecorder("document_storage");

      // a labelled counter: save attempts by outcome
      recorder.registerMetric(EventMetrics.builder("document_storage.save.attempts", DocumentSaveAttempt.class)
          .description("Document save attempts by outcome")
          .label("outcome", attempt -> attempt.success() ? "success" : "failure", "success", "failure")
          .count());
      // a histogram: save durations in seconds
      recorder.registerMetric(EventMetrics.builder("document_storage.save", DocumentSaveAttempt.class)
          .description("Document save durations, failed attempts included")
          .unit("s")
          .histogram("duration", DocumentSaveAttempt::durationSeconds, Histogram::defaultLatencySeconds));

      // production code only emits events: from any thread, short and non-blocking
      recorder.registerEvent(new DocumentSaveAttempt(true, 0.012));
      recorder.registerEvent(new DocumentSaveAttempt(true, 0.020));
      recorder.registerEvent(new DocumentSaveAttempt(false, 0.450));

      Map<String, MetricSnapshot> snapshots = recorder.getMetricSnapshots();
      System.out.println(snapshots.get("document_storage.save.attempts").asMap());
      System.out.println(snapshots.get("document_storage.save").values().get(0).histogram().orElseThrow());
    }
  }
}
// end::quick-start[]
