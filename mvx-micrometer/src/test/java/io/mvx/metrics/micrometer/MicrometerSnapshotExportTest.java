package io.mvx.metrics.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.test.TestMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meter set on its own: what a refresh registers, refuses, counts and removes. */
class MicrometerSnapshotExportTest {

  private final MetricsRuntime runtime = MetricsRuntime.builder("set").logPolicy(LogPolicy.SILENT).build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong clock = new AtomicLong();
  private final MicrometerSnapshotExport export =
      new MicrometerSnapshotExport(runtime,
          new ReadCycles(clock::get, Duration.ofMillis(2).toNanos(), Duration.ofSeconds(1).toNanos()), null);

  @AfterEach
  void close() {
    export.close();
    runtime.close();
  }

  @Test
  void refresh_countsEachRefusedValueOncePerRefresh_andKeepsTheFirstInSnapshotOrder() {
    runtime.start();
    runtime.createRecorder("a").registerMetric(TestMetrics.fixed("shared", s -> s.gauge("v", 1)));
    runtime.createRecorder("b").registerMetric(TestMetrics.fixed("shared", s -> s.counter("v", 2)));
    runtime.createRecorder("c").registerMetric(TestMetrics.fixed("shared", s -> s.gauge("v", 3, Map.of("k", "x"))));
    export.bind(registry);

    assertThat(export.skipped().get(SkipReason.KIND_CONFLICT)).isEqualTo(1);
    assertThat(export.skipped().get(SkipReason.LABEL_CONFLICT)).isEqualTo(1);
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(export.skipped().get(SkipReason.KIND_CONFLICT)).isEqualTo(2);
    assertThat(registry.find("set.shared.v").gauges()).singleElement()
        .satisfies(gauge -> assertThat(gauge.getId().getTag("recorder")).isEqualTo("a"));
  }

  @Test
  void listener_registersANewMetricsMeters_withoutARefresh() {
    runtime.start();
    export.bind(registry); // the clock stands still: no refresh follows

    RuntimeRecorder recorder = runtime.createRecorder("late");
    recorder.registerMetric(TestMetrics.fixed("late.metric", s -> s.counter("hits_total", 4)));

    // registerMetric does not wait: the meters come as soon as the processing thread announces the metric
    await().untilAsserted(() -> assertThat(registry.find("set.late.metric.hits").functionCounter()).isNotNull());

    runtime.stopAndRemoveRecorder("late");

    assertThat(registry.find("set.late.metric.hits").functionCounter()).isNull();
  }

  @Test
  void skipCounter_isRegisteredForEveryReason_andStartsAtZero() {
    export.bind(registry); // the runtime never started: its snapshot is empty, not a failure
    assertThat(export.skipped().get(SkipReason.SNAPSHOT_FAILED)).isZero();
    assertThat(registry.find("mvx.runtime.collector.skipped").tag("reason", "snapshot_failed").functionCounter())
        .isNotNull();
  }
}
