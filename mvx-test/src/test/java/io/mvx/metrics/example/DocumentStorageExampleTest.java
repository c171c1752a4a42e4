package io.mvx.metrics.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentStorageExampleTest {

  @Test
  void twoGoodSavesAndOneFailure_areReadImmediately() {
    try (MetricsRuntime runtime = new MetricsRuntime("example.metrics")) {
      runtime.start();
      RuntimeRecorder recorder = runtime.createRecorder("document_storage");
      DocumentStorage storage = new DocumentStorage(recorder);

      storage.saveDocument("doc-001", "First document");
      storage.saveDocument("doc-002", "Second document");
      assertThatThrownBy(() -> storage.saveDocument("doc-003", " "))
          .isInstanceOf(IllegalArgumentException.class);

      Map<String, MetricSnapshot> snapshots = recorder.getMetricSnapshots();
      MetricSnapshot attempts = snapshots.get("document_storage.save.attempts");
      assertThat(attempts.value("total")).hasValue(3);
      assertThat(attempts.value("success_total")).hasValue(2);
      assertThat(attempts.value("failure_total")).hasValue(1);
      MetricSnapshot duration = snapshots.get("document_storage.save.average_duration");
      assertThat(duration.value("total")).hasValue(3);
      assertThat(snapshots.keySet())
          .containsExactly("document_storage.save.attempts", "document_storage.save.average_duration");
    }
  }
}
