package io.mvx.metrics.examples.snippets;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.examples.DocumentStorage;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.Map;

/** The seed's wiring with the demo's explicit metric classes: the application owns the runtime. */
final class SeedWiring {

  private SeedWiring() {}

  static Map<String, MetricSnapshot> run() {
    // tag::seed-wiring[]
    try (MetricsRuntime runtime = new MetricsRuntime("example.metrics")) {
      runtime.start();
      RuntimeRecorder recorder = runtime.createRecorder("document_storage");
      DocumentStorage storage = new DocumentStorage(recorder);   // registers its metrics, then only emits

      storage.saveDocument("doc-001", "First document");
      storage.saveDocument("doc-002", "Second document");
      try {
        storage.saveDocument("doc-003", "");
      } catch (IllegalArgumentException expected) {
        // the failed save is counted as a failure
      }
      return recorder.getMetricSnapshots();
    }
    // end::seed-wiring[]
  }
}
