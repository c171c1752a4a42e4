package io.mvx.metrics.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RecorderOptions;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.example.DocumentStorage;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import io.mvx.metrics.snapshot.ValueKind;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MvxMeterBinderTest {

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
  void bindTo_registersOneMeterPerSnapshotValue_withTheSnapshotsValues() {
    saveTwiceAndFailOnce(new DocumentStorage(runtime.createRecorder("document_storage")));

    binder.bindTo(registry);

    RuntimeSnapshot snapshot = runtime.snapshot();
    int values = 0;
    for (MetricSnapshot metric : snapshot.recorders().get("document_storage").values()) {
      for (MetricValue value : metric.values()) {
        String name = "example.metrics." + metric.name() + "." + value.dimension();
        if (value.kind() == ValueKind.COUNTER) {
          name = name.replaceAll("[._]total$", ""); // counters are named without their _total
        }
        Meter meter = registry.get(name)
            .tags(Tags.of("recorder", "document_storage")).meter();
        if (value.kind() == ValueKind.COUNTER) {
          assertThat(meter).isInstanceOf(FunctionCounter.class);
          assertThat(((FunctionCounter) meter).count()).isEqualTo(value.value());
        } else {
          assertThat(meter).isInstanceOf(Gauge.class);
          assertThat(((Gauge) meter).value()).isEqualTo(value.value());
        }
        assertThat(meter.getId().getDescription()).isEqualTo(metric.description());
        values++;
      }
    }
    assertThat(values).isEqualTo(6);
    assertThat(Scrapes.meterNames(registry, "document_storage")).hasSize(values);
  }

  @Test
  void bindTo_exportsTheSeedExample_asCountersAndGauges() {
    saveTwiceAndFailOnce(new DocumentStorage(runtime.createRecorder("document_storage")));

    binder.bindTo(registry);

    FunctionCounter attempts = registry.get("example.metrics.document_storage.save.attempts")
        .functionCounter();
    assertThat(attempts.count()).isEqualTo(3.0);
    assertThat(attempts.getId().getTags()).containsExactly(Tag.of("recorder", "document_storage"));
    assertThat(attempts.getId().getDescription()).isEqualTo("Document save attempts by outcome");
    assertThat(attempts.getId().getBaseUnit()).isNull();
    assertThat(registry.get("example.metrics.document_storage.save.attempts.success")
        .functionCounter().count()).isEqualTo(2.0);
    assertThat(registry.get("example.metrics.document_storage.save.attempts.failure")
        .functionCounter().count()).isEqualTo(1.0);
    Gauge average = registry.get("example.metrics.document_storage.save.average_duration.average_duration_ms")
        .gauge();
    assertThat(average.getId().getType()).isEqualTo(Meter.Type.GAUGE);
    assertThat(average.getId().getBaseUnit()).isEqualTo("milliseconds");
    assertThat(average.value()).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void labelledValues_becomeTagsNextToTheRecorderTag() {
    RuntimeRecorder recorder = runtime.createRecorder("gateway");
    recorder.registerMetric(new ScriptedMetric("http.requests", s -> s
        .description("Requests by status")
        .counter("count", 5, Map.of("status", "200", "method", "GET"))
        .counter("count", 1, Map.of("status", "500", "method", "GET"))
        .gauge("in_flight", -2.5)));

    binder.bindTo(registry);

    assertThat(registry.get("example.metrics.http.requests.count").tags("status", "200").functionCounter()
        .getId().getTags())
        .containsExactly(Tag.of("method", "GET"), Tag.of("recorder", "gateway"), Tag.of("status", "200"));
    assertThat(registry.get("example.metrics.http.requests.count").tags("status", "200").functionCounter()
        .count()).isEqualTo(5.0);
    assertThat(registry.get("example.metrics.http.requests.count").tags("status", "500").functionCounter()
        .count()).isEqualTo(1.0);
    assertThat(registry.get("example.metrics.http.requests.in_flight").tags("recorder", "gateway").gauge()
        .value()).isEqualTo(-2.5);
  }

  @ParameterizedTest
  @CsvSource({"By, bytes", "s, seconds", "ms, milliseconds", "1,", "'',", "{requests},", "Cel, celsius"})
  void snapshotUnit_becomesTheMicrometerBaseUnit(String unit, String baseUnit) {
    runtime.createRecorder("sizes")
        .registerMetric(new ScriptedMetric("payload", s -> s.unit(unit).gauge("size", 42)));

    binder.bindTo(registry);

    assertThat(registry.get("example.metrics.payload.size").gauge().getId().getBaseUnit()).isEqualTo(baseUnit);
  }

  @Test
  void emptyDescription_isExportedAsTheMetricName_soEveryRegistryWritesHelp() {
    runtime.createRecorder("plain").registerMetric(new ScriptedMetric("plain", s -> s.gauge("value", 1)));

    binder.bindTo(registry);

    assertThat(registry.get("example.metrics.plain.value").gauge().getId().getDescription()).isEqualTo("plain");
  }

  @Test
  void runtimeStatistics_areExportedAsMvxRuntimeMeters_taggedWithTheNamespace() throws Exception {
    ScriptedMetric gate = new ScriptedMetric("gate", s -> s.gauge("open", 1));
    RuntimeRecorder busy = runtime.createRecorder("busy", RecorderOptions.builder().queueCapacity(1).build());
    busy.registerMetric(gate);
    RuntimeRecorder failing = runtime.createRecorder("failing");
    ScriptedMetric broken = new ScriptedMetric("broken", s -> s.gauge("value", 1));
    failing.registerMetric(broken);
    broken.failWith(new IllegalStateException("snapshot fails on purpose"));
    // hold the processing thread in a snapshot so that the second event finds the queue full
    CountDownLatch release = new CountDownLatch(1);
    gate.blockUntil(release);
    CompletableFuture<RuntimeSnapshot> held = CompletableFuture.supplyAsync(runtime::snapshot);
    await().until(() -> gate.snapshots() == 1);
    busy.registerEvent(() -> "test.event");
    busy.registerEvent(() -> "test.event");
    gate.blockUntil(null);
    release.countDown();
    held.get();
    runtime.stopRecorder("busy");
    busy.registerEvent(() -> "test.event");
    // from here on one memoised snapshot: the broken metric counts one handler error per snapshot
    AtomicLong frozenClock = new AtomicLong();
    try (MvxMeterBinder memoising = MvxMeterBinder.builder(runtime)
        .staleness(Duration.ofSeconds(1)).nanoClock(frozenClock::get).build()) {

      memoising.bindTo(registry);

      RuntimeStats stats = runtime.stats();
      assertThat(stats).isEqualTo(new RuntimeStats(1, 1, 1, 1, 2, 0, 2));
      assertThat(runtimeCounter("mvx.runtime.events.accepted")).isEqualTo(1.0);
      assertThat(runtimeCounter("mvx.runtime.events.dropped")).isEqualTo(1.0);
      assertThat(runtimeCounter("mvx.runtime.events.rejected")).isEqualTo(1.0);
      assertThat(runtimeCounter("mvx.runtime.events.processed")).isEqualTo(1.0);
      assertThat(runtimeCounter("mvx.runtime.handler.errors")).isEqualTo(2.0);
      assertThat(runtimeGauge("mvx.runtime.events.pending")).isEqualTo(0.0);
      assertThat(runtimeGauge("mvx.runtime.recorders")).isEqualTo(2.0);
    }
  }

  @Test
  void builder_rejectsNullAndOutOfRangeArguments() {
    assertThatThrownBy(() -> new MvxMeterBinder(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("runtime");
    assertThatThrownBy(() -> MvxMeterBinder.builder(runtime).staleness(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
    assertThatThrownBy(() -> MvxMeterBinder.builder(runtime).staleness(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT2H");
    assertThatThrownBy(() -> binder.bindTo(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("registry");
  }

  private double runtimeCounter(String name) {
    return registry.get(name).tags("namespace", "example.metrics").functionCounter().count();
  }

  private double runtimeGauge(String name) {
    return registry.get(name).tags("namespace", "example.metrics").gauge().value();
  }

  static void saveTwiceAndFailOnce(DocumentStorage storage) {
    storage.saveDocument("doc-001", "First document");
    storage.saveDocument("doc-002", "Second document");
    assertThatThrownBy(() -> storage.saveDocument("doc-003", " ")).isInstanceOf(IllegalArgumentException.class);
  }
}
