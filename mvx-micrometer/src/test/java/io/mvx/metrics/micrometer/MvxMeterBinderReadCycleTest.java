package io.mvx.metrics.micrometer;

import static io.mvx.metrics.micrometer.MvxMeterBinderTest.saveTwiceAndFailOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.example.DocumentStorage;
import io.mvx.metrics.test.TestMetrics;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Read cycles: a registry read after events were emitted shows them, a removed recorder leaves at the next
 * scrape, and the reads of one scrape share one runtime snapshot. The binder's clock is the test's: a pause
 * between scrapes is a step of that clock, never a sleep.
 */
class MvxMeterBinderReadCycleTest {

  private static final long PAUSE = Duration.ofMillis(10).toNanos();

  private final MetricsRuntime runtime = new MetricsRuntime("example.metrics");
  private final AtomicLong clock = new AtomicLong();
  private final MvxMeterBinder binder = MvxMeterBinder.builder(runtime).nanoClock(clock::get).build();

  @BeforeEach
  void startRuntime() {
    runtime.start();
  }

  @AfterEach
  void closeEverything() {
    binder.close();
    runtime.close();
  }

  @Test
  void prometheusScrape_afterEmitting_showsTheEvents_andARemovedRecorderIsGone() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    binder.bindTo(registry);
    DocumentStorage storage = new DocumentStorage(runtime.createRecorder("document_storage"));
    new DocumentStorage(runtime.createRecorder("archive_storage"));
    new DocumentStorage(runtime.createRecorder("cache_storage"));
    clock.addAndGet(PAUSE);
    // createRecorder does not wait: the new recorders' meters come once the processing thread announced them
    await().untilAsserted(() -> assertThat(registry.scrape()).contains(
        "example_metrics_document_storage_save_attempts_total{recorder=\"document_storage\"} 0.0\n",
        "mvx_runtime_recorders{namespace=\"example.metrics\"} 3.0\n"));

    saveTwiceAndFailOnce(storage);
    runtime.stopAndRemoveRecorder("archive_storage");
    clock.addAndGet(PAUSE);
    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("example_metrics_document_storage_save_attempts_total{recorder=\"document_storage\"} 3.0\n")
        .contains("mvx_runtime_recorders{namespace=\"example.metrics\"} 2.0\n")
        .doesNotContain("archive_storage");
    registry.close();
  }

  @Test
  void simpleRegistryRead_afterEmitting_showsTheEvents_andARemovedRecorderIsGone() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    binder.bindTo(registry);
    DocumentStorage storage = new DocumentStorage(runtime.createRecorder("document_storage"));
    new DocumentStorage(runtime.createRecorder("archive_storage"));
    clock.addAndGet(PAUSE);
    await().untilAsserted(() -> assertThat(attempts(registry)).isZero()); // once the runtime announced it

    saveTwiceAndFailOnce(storage);
    runtime.stopAndRemoveRecorder("archive_storage");
    clock.addAndGet(PAUSE);

    assertThat(attempts(registry)).isEqualTo(3.0);
    assertThat(registry.get("mvx.runtime.recorders").gauge().value()).isEqualTo(1.0);
    assertThat(registry.find("example.metrics.document_storage.save.attempts")
        .tag("recorder", "archive_storage").functionCounter()).isNull();
    registry.close();
  }

  @Test
  void readsOfOneScrape_shareOneSnapshot_andAReadAfterAPauseTakesTheNext() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    binder.bindTo(registry);
    TestMetrics.SnapshotCounting counting = new TestMetrics.SnapshotCounting("counting");
    runtime.createRecorder("counted").registerMetric(counting);
    for (int i = 0; i < 50; i++) {
      runtime.createRecorder("other-" + i).registerMetric(TestMetrics.fixed("fixed", s -> s.gauge("v", 1)));
    }
    clock.addAndGet(PAUSE);
    registry.scrape();
    int afterFirstScrape = counting.calls();

    registry.scrape(); // within the read gap of the last read: the same cycle
    assertThat(counting.calls()).isEqualTo(afterFirstScrape);

    clock.addAndGet(PAUSE);
    registry.scrape();
    assertThat(counting.calls()).isEqualTo(afterFirstScrape + 1);
    registry.close();
  }

  @Test
  void readsThatNeverPause_stillGetAFreshSnapshotOnceItIsStale() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TestMetrics.SnapshotCounting counting = new TestMetrics.SnapshotCounting("counting");
    runtime.createRecorder("counted").registerMetric(counting);
    try (MvxMeterBinder steady = MvxMeterBinder.builder(runtime).readGap(Duration.ofMillis(10))
        .staleness(Duration.ofMillis(20)).nanoClock(clock::get).build()) {
      steady.bindTo(registry);
      int afterBind = counting.calls();

      for (int step = 1; step <= 3; step++) {
        clock.addAndGet(Duration.ofMillis(5).toNanos());
        Scrapes.scrape(registry);
      }
      assertThat(counting.calls()).isEqualTo(afterBind);

      clock.addAndGet(Duration.ofMillis(5).toNanos());
      Scrapes.scrape(registry);
      assertThat(counting.calls()).isEqualTo(afterBind + 1);
    }
    registry.close();
  }

  private static double attempts(SimpleMeterRegistry registry) {
    return registry.get("example.metrics.document_storage.save.attempts").tag("recorder", "document_storage")
        .functionCounter().count();
  }
}
