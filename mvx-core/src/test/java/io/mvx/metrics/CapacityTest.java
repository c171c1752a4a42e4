package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.TestMetrics.CountingMetric;
import io.mvx.metrics.TestMetrics.Tick;
import io.mvx.metrics.snapshot.RecorderStats;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A recorder's {@code queueCapacity} is the bound its users see, and the runtime-wide
 * {@code eventBufferCapacity} bounds all recorders together; nothing else drops events.
 */
class CapacityTest {

  @Test
  void oneLargeRecorder_keepsABurstLargerThanAnyInternalBuffer() {
    MetricsRuntime runtime = TestMetrics.started("capacity.large");
    RuntimeRecorder recorder = runtime.createRecorder("big",
        RecorderOptions.builder().queueCapacity(250_000).build());
    recorder.registerMetric(new CountingMetric("ticks"));
    Tick tick = new Tick(1);
    for (int i = 0; i < 200_000; i++) {
      recorder.registerEvent(tick);
    }
    runtime.shutdown();

    assertThat(recorder.stats()).isEqualTo(new RecorderStats(200_000, 0, 0, 200_000, 0, 0));
    assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(200_000);
  }

  @Test
  void manyRecordersAndThreads_dropNothingWhileEveryQueueHasRoom() throws Exception {
    MetricsRuntime runtime = MetricsRuntime.builder("capacity.spread")
        .logPolicy(LogPolicy.SILENT).defaultQueueCapacity(20_000).build();
    runtime.start();
    List<RuntimeRecorder> recorders = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      RuntimeRecorder recorder = runtime.createRecorder("r" + i);
      recorder.registerMetric(new CountingMetric("ticks"));
      recorders.add(recorder);
    }
    int threads = 4;
    int perThread = 250_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          go.await();
          Tick tick = new Tick(1);
          for (int i = 0; i < perThread; i++) {
            recorders.get(i % recorders.size()).registerEvent(tick);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    runtime.shutdown();

    RuntimeStats stats = runtime.stats();
    assertThat(stats.dropped()).isZero();
    assertThat(stats.accepted()).isEqualTo((long) threads * perThread);
    assertThat(stats.processed()).isEqualTo((long) threads * perThread);
    for (RuntimeRecorder recorder : recorders) {
      assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(threads * perThread / 200);
    }
  }

  @Test
  void raiseError_burstIntoAHugeQueue_neverOverflows() {
    MetricsRuntime runtime = MetricsRuntime.builder("capacity.raise")
        .logPolicy(LogPolicy.SILENT)
        .defaultQueueCapacity(4_194_304)
        .defaultOverflowPolicy(OverflowPolicy.RAISE_ERROR)
        .build();
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("burst");
    recorder.registerMetric(new CountingMetric("ticks"));
    Tick tick = new Tick(1);
    for (int i = 0; i < 200_000; i++) {
      recorder.registerEvent(tick);
    }
    assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(200_000);
    runtime.shutdown();
    assertThat(recorder.stats().dropped()).isZero();
  }

  @Test
  void queueCapacityAboveTheRuntimeBound_isRefusedAtCreation() {
    MetricsRuntime runtime = TestMetrics.started("capacity.refused");
    assertThatThrownBy(() -> runtime.createRecorder("huge",
            RecorderOptions.builder().queueCapacity((1 << 20) + 1).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1048577").hasMessageContaining("eventBufferCapacity 1048576");
    runtime.shutdown();
  }

  @Test
  void builder_refusesADefaultQueueCapacityAboveAnExplicitBufferCapacity() {
    assertThatThrownBy(() -> MetricsRuntime.builder("capacity.builder")
            .defaultQueueCapacity(5_000).eventBufferCapacity(4_000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("5000: defaultQueueCapacity").hasMessageContaining("eventBufferCapacity 4000");
  }

  @Test
  void rejectionAfterRemoval_countsInTheRuntimeTotals() {
    MetricsRuntime runtime = TestMetrics.started("capacity.removed");
    RuntimeRecorder recorder = runtime.createRecorder("gone");
    runtime.stopAndRemoveRecorder("gone");
    recorder.registerEvent(new Tick(1));

    assertThat(recorder.stats().rejected()).isEqualTo(1);
    assertThat(runtime.stats().rejected()).isEqualTo(1);
    runtime.shutdown();
    assertThat(runtime.stats().rejected()).isEqualTo(1);
  }

  @Test
  void readYourWrites_acrossThreads_throughALatch() throws Exception {
    MetricsRuntime runtime = TestMetrics.started("capacity.ryw");
    RuntimeRecorder recorder = runtime.createRecorder("shared");
    recorder.registerMetric(new CountingMetric("ticks"));
    for (int round = 1; round <= 200; round++) {
      CountDownLatch emitted = new CountDownLatch(1);
      Thread producer = new Thread(() -> {
        recorder.registerEvent(new Tick(1)); // a partly filled chunk: only a command makes it visible
        emitted.countDown();
      });
      producer.start();
      emitted.await();
      assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(round);
      producer.join();
    }
    runtime.shutdown();
  }
}
