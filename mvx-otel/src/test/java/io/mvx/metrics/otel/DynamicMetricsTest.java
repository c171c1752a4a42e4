package io.mvx.metrics.otel;

import io.mvx.metrics.test.TestMetrics;
import io.mvx.metrics.test.FixedMetric;
import io.mvx.metrics.example.DocumentStorage;
import static io.mvx.metrics.otel.Exports.RECORDER;
import static io.mvx.metrics.otel.Exports.expected;
import static io.mvx.metrics.otel.Exports.metric;
import static io.mvx.metrics.otel.Exports.mvxPoints;
import static io.mvx.metrics.otel.Exports.names;
import static io.mvx.metrics.otel.Exports.points;
import static io.mvx.metrics.otel.Exports.recorder;
import static io.mvx.metrics.otel.Exports.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DynamicMetricsTest {

  private static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");

  private final MetricsRuntime runtime = new MetricsRuntime("networking.metrics");
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider =
      SdkMeterProvider.builder().registerMetricReader(reader).build();

  @AfterEach
  void shutDown() {
    meterProvider.close();
    runtime.close();
  }

  @Test
  void recorderAndMetricsCreatedAfterRegister_areExportedOnceTheRuntimeAnnouncedThem() {
    runtime.start();
    MvxOtelMetrics registration = register();
    assertThat(mvxPoints(reader.collectAllMetrics())).isEmpty();

    DocumentStorage storage = new DocumentStorage(runtime.createRecorder("document_storage"));
    storage.saveDocument("doc-001", "First document");
    Collection<MetricData> data = Exports.collectOnceAnnounced(reader, "document_storage.save.attempts",
        "document_storage.save.attempts.success");

    assertThat(value(data, "document_storage.save.attempts", recorder("document_storage"))).isEqualTo(1);
    assertThat(value(data, "document_storage.save.attempts.success", recorder("document_storage")))
        .isEqualTo(1);
    assertThat(mvxPoints(data)).isEqualTo(expected(runtime.snapshot()));
    registration.close();
  }

  @Test
  void registerBeforeTheRuntimeStarts_exportsWhatIsCreatedLater() {
    MvxOtelMetrics registration = register();
    runtime.start();
    new DocumentStorage(runtime.createRecorder("document_storage")).saveDocument("doc-001", "First");

    Collection<MetricData> data = Exports.collectOnceAnnounced(reader, "document_storage.save.attempts");

    assertThat(value(data, "document_storage.save.attempts", recorder("document_storage"))).isEqualTo(1);
    assertThat(mvxPoints(data)).isEqualTo(expected(runtime.snapshot()));
    registration.close();
  }

  @Test
  void newLabelValue_ofAnExistingInstrument_isExportedAtTheNextCollection() {
    runtime.start();
    RuntimeRecorder connection = connection("connection-1");
    connection.registerEvent(new ConnectionEvent(1, 0, "data"));
    MvxOtelMetrics registration = register();
    reader.collectAllMetrics();

    connection.registerEvent(new ConnectionEvent(1, 0, "ping"));
    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(points(metric(data, "connection.frames"))).containsOnlyKeys(
        Attributes.of(RECORDER, "connection-1", TYPE, "data"),
        Attributes.of(RECORDER, "connection-1", TYPE, "ping"));
    registration.close();
  }

  @Test
  void valueWhoseInstrumentACollectionDiscovers_isExportedWithItsFullTotalByTheFollowingCollection() {
    InMemoryMetricReader delta = InMemoryMetricReader.createDelta();
    SdkMeterProvider deltaProvider = SdkMeterProvider.builder().registerMetricReader(delta).build();
    runtime.start();
    // connection.frames has no value until the first frame: registration cannot build its instrument
    RuntimeRecorder connection = connection("connection-1");
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(deltaProvider));
    try {
      connection.registerEvent(new ConnectionEvent(1, 0, "data"));
      connection.registerEvent(new ConnectionEvent(1, 0, "data"));
      delta.collectAllMetrics();
      connection.registerEvent(new ConnectionEvent(1, 0, "data"));
      Collection<MetricData> next = delta.collectAllMetrics();

      // a delta reader sees the whole total once: nothing counted before the discovery is lost
      assertThat(value(next, "connection.frames", Attributes.of(RECORDER, "connection-1", TYPE, "data")))
          .isEqualTo(3);
      assertThat(value(next, "connection.traffic.received", recorder("connection-1"))).isEqualTo(1);
    } finally {
      registration.close();
      deltaProvider.close();
    }
  }

  @Test
  void removedRecorder_isNoLongerReported_andTheOthersAre() {
    runtime.start();
    connection("connection-1").registerEvent(new ConnectionEvent(1, 0, "data"));
    connection("connection-2").registerEvent(new ConnectionEvent(2, 0, "data"));
    MvxOtelMetrics registration = register();
    assertThat(points(metric(reader.collectAllMetrics(), "connection.traffic.received")))
        .containsOnlyKeys(recorder("connection-1"), recorder("connection-2"));

    runtime.stopAndRemoveRecorder("connection-1");
    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(points(metric(data, "connection.traffic.received")))
        .containsOnlyKeys(recorder("connection-2"));
    assertThat(mvxPoints(data)).isEqualTo(expected(runtime.snapshot()));
    assertThat(mvxPoints(data).toString()).doesNotContain("connection-1");
    registration.close();
  }

  @Test
  void close_stopsReporting_andIsIdempotent() {
    runtime.start();
    connection("connection-1").registerEvent(new ConnectionEvent(1, 0, "data"));
    MvxOtelMetrics registration = register();
    assertThat(names(reader.collectAllMetrics())).contains("connection.traffic.received");

    registration.close();
    registration.close();
    connection("connection-2").registerEvent(new ConnectionEvent(1, 0, "data"));

    assertThat(reader.collectAllMetrics()).isEmpty();
  }

  @Test
  void eachCollection_readsOneRuntimeSnapshot_whateverTheNumberOfBatchCallbacks() {
    runtime.start();
    runtime.createRecorder("counting").registerMetric(new TestMetrics.SnapshotCounting("test.snapshots"));
    MvxOtelMetrics registration = register();
    for (int round = 0; round < 4; round++) {
      runtime.createRecorder("round-" + round).registerMetric(new FixedMetric(
          MetricSnapshot.builder("round" + round + ".metric").counter("total", round).build()));
    }
    // registerMetric does not wait: the instruments come once the processing thread announced the metrics
    org.awaitility.Awaitility.await().until(() -> registration.callbackCount() >= 5);

    double first = snapshotCalls(reader.collectAllMetrics());
    double second = snapshotCalls(reader.collectAllMetrics());
    Collection<MetricData> third = reader.collectAllMetrics();

    assertThat(second).isEqualTo(first + 1);
    assertThat(snapshotCalls(third)).isEqualTo(first + 2);
    assertThat(names(third)).contains("round0.metric", "round1.metric", "round2.metric", "round3.metric");
    registration.close();
  }

  @Test
  void collectionsRacingWithNewMetrics_neverCountASeriesTwice_andConvergeOnTheSnapshot() {
    runtime.start();
    MvxOtelMetrics registration = register();
    CompletableFuture<Void> creating = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 200; i++) {
        RuntimeRecorder recorder = runtime.createRecorder("racer-" + i);
        recorder.registerMetric(new FixedMetric(
            MetricSnapshot.builder("race.metric" + (i % 50)).counter("total", 1).build()));
      }
    });
    int collections = 0;
    while (!creating.isDone() && collections < 10_000) {
      assertThat(mvxPoints(reader.collectAllMetrics()).values())
          .allSatisfy(series -> assertThat(series.values()).containsOnly(1.0));
      collections++;
    }
    creating.join();

    reader.collectAllMetrics();
    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(mvxPoints(data)).hasSize(50).isEqualTo(expected(runtime.snapshot()));
    registration.close();
  }

  private double snapshotCalls(Collection<MetricData> data) {
    return value(data, "test.snapshots.calls", recorder("counting"));
  }

  private MvxOtelMetrics register() {
    return MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));
  }

  private RuntimeRecorder connection(String id) {
    RuntimeRecorder recorder = runtime.createRecorder(id);
    recorder.registerMetric(new ConnectionTrafficMetric());
    recorder.registerMetric(new ConnectionFramesMetric());
    return recorder;
  }
}
