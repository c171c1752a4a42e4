package io.mvx.metrics.example;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.Map;

/** The README's quick start, compiled and run by the tests. */
public final class QuickStart {

  private QuickStart() {}

  /**
   * Runs the seed's wiring and prints the snapshots.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (MetricsRuntime runtime = new MetricsRuntime("example.metrics")) {
      runtime.start();
      RuntimeRecorder recorder = runtime.createRecorder("document_storage");
      DocumentStorage storage = new DocumentStorage(recorder);

      storage.saveDocument("doc-001", "First document");
      storage.saveDocument("doc-002", "Second document");
      try {
        storage.saveDocument("doc-003", "");
      } catch (IllegalArgumentException expected) {
        // the failed save is counted as a failure
      }

      Map<String, MetricSnapshot> snapshots = recorder.getMetricSnapshots();
      snapshots.values().forEach(snapshot -> System.out.println(snapshot.asMap()));
    }
  }
}
