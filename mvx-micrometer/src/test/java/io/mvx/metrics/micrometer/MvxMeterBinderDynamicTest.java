package io.mvx.metrics.micrometer;

import static io.mvx.metrics.micrometer.MvxMeterBinderTest.saveTwiceAndFailOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.example.DocumentStorage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recorders, metrics and values that come and go after binding; reads always take a fresh snapshot. */
class MvxMeterBinderDynamicTest {

  private static final List<String> DOCUMENT_STORAGE_METERS = List.of(
      "example.metrics.document_storage.save.attempts",
      "example.metrics.document_storage.save.attempts.failure",
      "example.metrics.document_storage.save.attempts.success",
      "example.metrics.document_storage.save.average_duration",
      "example.metrics.document_storage.save.average_duration.average_duration_ms",
      "example.metrics.document_storage.save.average_duration.duration_ms");

  private final MetricsRuntime runtime = new MetricsRuntime("example.metrics");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MvxMeterBinder binder = MvxMeterBinder.builder(runtime).staleness(Duration.ZERO).build();

  @BeforeEach
  void startRuntime() {
    runtime.start();
  }

  @AfterEach
  void closeEverything() {
    binder.close();
    runtime.close();
    registry.close();
  }

  @Test
  void recorderCreatedAfterBinding_getsItsMetersAtTheNextCollection() {
    binder.bindTo(registry);

    saveTwiceAndFailOnce(new DocumentStorage(runtime.createRecorder("document_storage")));
    Scrapes.scrape(registry);

    assertThat(Scrapes.meterNames(registry, "document_storage")).isEqualTo(DOCUMENT_STORAGE_METERS);
    assertThat(attemptsTotal("document_storage")).isEqualTo(3.0);
  }

  @Test
  void metricRegisteredAfterBinding_getsItsMetersAtTheNextCollection() {
    RuntimeRecorder recorder = runtime.createRecorder("gateway");
    binder.bindTo(registry);

    recorder.registerMetric(new ScriptedMetric("http.requests", s -> s.counter("count", 7)));
    Scrapes.scrape(registry);

    assertThat(registry.get("example.metrics.http.requests.count").functionCounter().count()).isEqualTo(7.0);
  }

  @Test
  void labelledValueAppearingLater_getsItsOwnMeter() {
    ScriptedMetric requests = new ScriptedMetric("http.requests", s -> s.counter("count", 1, Map.of("status", "200")));
    runtime.createRecorder("gateway").registerMetric(requests);
    binder.bindTo(registry);

    requests.show(s -> s.counter("count", 2, Map.of("status", "200")).counter("count", 1, Map.of("status", "503")));
    Scrapes.scrape(registry);

    assertThat(registry.get("example.metrics.http.requests.count").tags("status", "503").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("example.metrics.http.requests.count").tags("status", "200").functionCounter().count())
        .isEqualTo(2.0);
  }

  @Test
  void removedRecorder_losesExactlyItsMeters_othersStay() {
    saveTwiceAndFailOnce(new DocumentStorage(runtime.createRecorder("document_storage")));
    new DocumentStorage(runtime.createRecorder("archive_storage")).saveDocument("a-1", "archived");
    binder.bindTo(registry);
    int before = registry.getMeters().size();

    runtime.stopAndRemoveRecorder("document_storage");
    Scrapes.scrape(registry);

    assertThat(Scrapes.meterNames(registry, "document_storage")).isEmpty();
    assertThat(Scrapes.meterNames(registry, "archive_storage")).isEqualTo(DOCUMENT_STORAGE_METERS);
    assertThat(attemptsTotal("archive_storage")).isEqualTo(1.0);
    assertThat(registry.getMeters()).hasSize(before - DOCUMENT_STORAGE_METERS.size());
    assertThat(registry.get("mvx.runtime.recorders").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void recorderRemovedAndCreatedAgainUnderTheSameId_getsNewMeters() {
    saveTwiceAndFailOnce(new DocumentStorage(runtime.createRecorder("document_storage")));
    binder.bindTo(registry);
    Meter before = registry.get("example.metrics.document_storage.save.attempts").meter();

    runtime.stopAndRemoveRecorder("document_storage");
    new DocumentStorage(runtime.createRecorder("document_storage")).saveDocument("doc-004", "again");
    Scrapes.scrape(registry);

    Meter after = registry.get("example.metrics.document_storage.save.attempts").meter();
    assertThat(after).isNotSameAs(before);
    assertThat(((FunctionCounter) after).count()).isEqualTo(1.0);
    assertThat(Scrapes.meterNames(registry, "document_storage")).isEqualTo(DOCUMENT_STORAGE_METERS);
  }

  @Test
  void valueItsMetricNoLongerReports_losesItsMeter() {
    ScriptedMetric requests = new ScriptedMetric("http.requests", s -> s
        .counter("count", 1, Map.of("status", "200")).counter("count", 1, Map.of("status", "503")));
    runtime.createRecorder("gateway").registerMetric(requests);
    binder.bindTo(registry);

    requests.show(s -> s.counter("count", 4, Map.of("status", "200")));
    Scrapes.scrape(registry);

    assertThat(registry.find("example.metrics.http.requests.count").tags("status", "503").meter()).isNull();
    assertThat(registry.get("example.metrics.http.requests.count").tags("status", "200").functionCounter().count())
        .isEqualTo(4.0);
  }

  @Test
  void valueThatTurnsFromCounterToGauge_getsAGaugeInsteadOfTheFunctionCounter() {
    ScriptedMetric level = new ScriptedMetric("queue", s -> s.counter("level", 3));
    runtime.createRecorder("worker").registerMetric(level);
    binder.bindTo(registry);

    level.show(s -> s.gauge("level", 1.5));
    Scrapes.scrape(registry);

    assertThat(registry.get("example.metrics.queue.level").meters()).hasSize(1);
    assertThat(registry.get("example.metrics.queue.level").gauge().value()).isEqualTo(1.5);
  }

  @Test
  void metricWhoseSnapshotThrows_keepsItsMetersAtTheLastValues() {
    ScriptedMetric requests = new ScriptedMetric("http.requests", s -> s.counter("count", 3).gauge("in_flight", 2));
    runtime.createRecorder("gateway").registerMetric(requests);
    binder.bindTo(registry);

    requests.failWith(new IllegalStateException("snapshot fails on purpose"));
    Scrapes.scrape(registry);

    assertThat(registry.get("example.metrics.http.requests.count").functionCounter().count()).isEqualTo(3.0);
    assertThat(registry.get("example.metrics.http.requests.in_flight").gauge().value()).isEqualTo(2.0);
  }

  @Test
  void runtimeShutdown_removesTheRecordersMeters_butNotTheRuntimeMeters() {
    saveTwiceAndFailOnce(new DocumentStorage(runtime.createRecorder("document_storage")));
    binder.bindTo(registry);

    runtime.shutdown();
    Scrapes.scrape(registry);

    assertThat(Scrapes.meterNames(registry, "document_storage")).isEmpty();
    assertThat(registry.get("mvx.runtime.events.processed").functionCounter().count()).isEqualTo(3.0);
    assertThat(registry.get("mvx.runtime.recorders").gauge().value()).isEqualTo(0.0);
  }

  @Test
  void close_removesEveryMeterItRegistered_andNothingElse() {
    Counter unrelated = registry.counter("app.requests");
    saveTwiceAndFailOnce(new DocumentStorage(runtime.createRecorder("document_storage")));
    binder.bindTo(registry);

    binder.close();

    assertThat(registry.getMeters()).containsExactly(unrelated);
  }

  @Test
  void close_stopsFollowingTheRuntime() {
    binder.bindTo(registry);
    Meter recorders = registry.get("mvx.runtime.recorders").meter();

    binder.close();
    saveTwiceAndFailOnce(new DocumentStorage(runtime.createRecorder("document_storage")));
    recorders.measure().forEach(measurement -> measurement.getValue());
    Scrapes.scrape(registry);

    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void bindTo_afterClose_isRefused() {
    binder.close();

    assertThatThrownBy(() -> binder.bindTo(registry))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(registry.getMeters()).isEmpty();
  }

  private double attemptsTotal(String recorderId) {
    return registry.get("example.metrics.document_storage.save.attempts").tags("recorder", recorderId)
        .functionCounter().count();
  }

  @Test
  void twoValuesMappingToOneMeterId_firstKeepsTheMeter_secondIsSkipped() {
    RuntimeRecorder recorder = runtime.createRecorder("gateway");
    recorder.registerMetric(new ScriptedMetric("a.b", s -> s.gauge("c", 1)));
    recorder.registerMetric(new ScriptedMetric("a", s -> s.gauge("b.c", 2))); // also example.metrics.a.b.c
    binder.bindTo(registry);
    Scrapes.scrape(registry);

    assertThat(registry.find("example.metrics.a.b.c").gauges()).hasSize(1);
    assertThat(registry.get("example.metrics.a.b.c").gauge().value()).isEqualTo(1.0);

    runtime.stopAndRemoveRecorder("gateway");
    Scrapes.scrape(registry);

    assertThat(registry.find("example.metrics.a.b.c").gauges()).isEmpty();
  }
}
