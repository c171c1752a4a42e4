package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.TestMetrics.BlockingMetric;
import io.mvx.metrics.TestMetrics.CountingMetric;
import io.mvx.metrics.TestMetrics.Tick;
import io.mvx.metrics.snapshot.RecorderStats;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OverflowTest {

  private static final int CAPACITY = 100;

  private MetricsRuntime runtime;
  private BlockingMetric blocker;

  @AfterEach
  void tearDown() {
    if (blocker != null) {
      blocker.release.countDown();
    }
    runtime.shutdown();
  }

  /** Parks the processing thread inside the first event of {@code recorder}. */
  private void blockProcessing(RuntimeRecorder recorder) throws InterruptedException {
    blocker = new BlockingMetric();
    recorder.registerMetric(blocker);
    recorder.registerEvent(new Tick(0));
    assertThat(blocker.entered.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void drop_fullQueue_countsEveryEventExactlyOnce() throws Exception {
    runtime = TestMetrics.started("overflow.drop");
    RuntimeRecorder recorder = runtime.createRecorder("a",
        RecorderOptions.builder().queueCapacity(CAPACITY).build());
    blockProcessing(recorder); // event 1 is accepted and being processed

    int emitted = 1;
    for (int i = 0; i < 1_000; i++) {
      recorder.registerEvent(new Tick(1));
      emitted++;
    }

    RecorderStats full = recorder.stats();
    assertThat(full.accepted()).isEqualTo(CAPACITY);
    assertThat(full.dropped()).isEqualTo(emitted - CAPACITY);
    assertThat(full.accepted() + full.dropped()).isEqualTo(emitted);
    assertThat(runtime.stats().dropped()).isEqualTo(emitted - CAPACITY);

    blocker.release.countDown();
    assertThat(TestMetrics.value(recorder, "blocking", "count")).isEqualTo(CAPACITY);
    assertThat(recorder.stats().processed()).isEqualTo(CAPACITY);
  }

  @Test
  void raiseError_fullQueue_throwsQueueOverflowAndCountsDropped() throws Exception {
    runtime = TestMetrics.started("overflow.raise");
    RuntimeRecorder recorder = runtime.createRecorder("a", RecorderOptions.builder()
        .queueCapacity(CAPACITY).overflowPolicy(OverflowPolicy.RAISE_ERROR).build());
    blockProcessing(recorder);
    for (int i = 1; i < CAPACITY; i++) {
      recorder.registerEvent(new Tick(1));
    }

    assertThatThrownBy(() -> recorder.registerEvent(new Tick(1)))
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.reasonCode()).isEqualTo(MetricsException.QUEUE_OVERFLOW);
          assertThat(e.details()).containsEntry("recorderId", "a").containsEntry("queueCapacity", CAPACITY);
        });
    assertThat(recorder.stats().dropped()).isEqualTo(1);
    assertThat(recorder.stats().accepted()).isEqualTo(CAPACITY);

    blocker.release.countDown();
    assertThat(TestMetrics.value(recorder, "blocking", "count")).isEqualTo(CAPACITY);
  }

  @Test
  void fullRuntime_dropsOnlyOnceItHoldsEventBufferCapacity() throws Exception {
    runtime = MetricsRuntime.builder("overflow.buffer")
        .logPolicy(LogPolicy.SILENT).defaultQueueCapacity(40).eventBufferCapacity(64).build();
    runtime.start();
    RuntimeRecorder blocked = runtime.createRecorder("blocked");
    RuntimeRecorder first = runtime.createRecorder("first");
    RuntimeRecorder second = runtime.createRecorder("second");
    first.registerMetric(new CountingMetric("ticks"));
    second.registerMetric(new CountingMetric("ticks"));
    blockProcessing(blocked); // one event pending in "blocked"

    int emitted = 1_000;
    for (int i = 0; i < emitted; i++) {
      first.registerEvent(new Tick(1));
    }
    for (int i = 0; i < emitted; i++) {
      second.registerEvent(new Tick(1));
    }

    // "first" fills its own queue (40); "second" gets the rest of the runtime's 64: 64 - 1 - 40
    assertThat(first.stats().accepted()).isEqualTo(40);
    assertThat(second.stats().accepted()).isEqualTo(23);
    assertThat(second.stats().accepted() + second.stats().dropped()).isEqualTo(emitted);
    RuntimeStats stats = runtime.stats();
    assertThat(stats.pending()).isEqualTo(64);
    assertThat(stats.bufferFullDropped()).isEqualTo(emitted - 23);
    assertThat(stats.dropped()).isEqualTo(2L * emitted - 63);
    blocker.release.countDown();
    assertThat(TestMetrics.value(first, "ticks", "count")).isEqualTo(40);
    assertThat(TestMetrics.value(second, "ticks", "count")).isEqualTo(23);
  }

  @Test
  void shutdown_drainsALargeBacklog() throws Exception {
    runtime = MetricsRuntime.builder("overflow.backlog")
        .logPolicy(LogPolicy.SILENT)
        .defaultQueueCapacity(300_000)
        .eventBufferCapacity(300_000)
        .build();
    runtime.start();
    RuntimeRecorder blocked = runtime.createRecorder("blocked");
    RuntimeRecorder busy = runtime.createRecorder("busy");
    CountingMetric ticks = new CountingMetric("ticks");
    busy.registerMetric(ticks);
    blockProcessing(blocked);
    for (int i = 0; i < 200_000; i++) {
      busy.registerEvent(new Tick(1));
    }
    assertThat(busy.stats().pending()).isEqualTo(200_000);

    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(runtime::shutdown);
    await().until(() -> runtime.getStatus() == MetricsRuntimeState.STOPPING);
    blocker.release.countDown();
    shutdown.get();

    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
    assertThat(busy.stats().processed()).isEqualTo(200_000);
    assertThat(busy.stats().pending()).isZero();
    assertThat(TestMetrics.value(busy, "ticks", "count")).isEqualTo(200_000);
  }
}
