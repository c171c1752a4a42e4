package io.mvx.metrics.micrometer;

import static io.mvx.metrics.micrometer.MvxMeterBinderTest.saveTwiceAndFailOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.example.DocumentStorage;
import io.mvx.metrics.test.TestMetrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A scrape never waits longer than the collection deadline: a late cut serves the last good values and their age. */
class MvxMeterBinderDeadlineTest {

  private final MetricsRuntime runtime = MetricsRuntime.builder("example.metrics")
      .handlerTimeout(Duration.ofMinutes(1)) // the blocked metric stays blocked for the whole test
      .build();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicLong clock = new AtomicLong();
  private final TestMetrics.Blocking blocking = new TestMetrics.Blocking("stuck.work");

  @AfterEach
  void closeEverything() {
    blocking.release().countDown();
    registry.close();
    runtime.close();
  }

  @Test
  void scrapeWhileAMetricBlocks_servesTheLastGoodValues_withAPositiveAge() throws InterruptedException {
    runtime.start();
    DocumentStorage storage = new DocumentStorage(runtime.createRecorder("document_storage"));
    RuntimeRecorder stuck = runtime.createRecorder("stuck");
    stuck.registerMetric(blocking);
    try (MvxMeterBinder binder = MvxMeterBinder.builder(runtime).collectionDeadline(Duration.ofMillis(50))
        .nanoClock(clock::get).build()) {
      binder.bindTo(registry);
      saveTwiceAndFailOnce(storage);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      assertThat(registry.scrape())
          .contains("example_metrics_document_storage_save_attempts_total{recorder=\"document_storage\"} 3.0\n")
          .contains("mvx_runtime_snapshot_age_seconds{namespace=\"example.metrics\"} 0.0\n");

      stuck.registerEvent(new TestMetrics.Ping());
      assertThat(blocking.entered().await(1, TimeUnit.MINUTES)).isTrue();
      storage.saveDocument("doc-004", "emitted while the processing thread is held");
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      String scrape = registry.scrape();

      assertThat(scrape)
          .contains("example_metrics_document_storage_save_attempts_total{recorder=\"document_storage\"} 3.0\n")
          .contains("example_metrics_stuck_work_handled_total{recorder=\"stuck\"} 0.0\n");
      assertThat(registry.get("mvx.runtime.snapshot.age").gauge().value()).isPositive();
    }
  }

  @Test
  void collectionDeadline_mustBePositive() {
    assertThatThrownBy(() -> MvxMeterBinder.builder(runtime).collectionDeadline(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> MvxMeterBinder.builder(runtime).readGap(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
  }
}
