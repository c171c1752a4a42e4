package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.TestMetrics.CountingMetric;
import io.mvx.metrics.TestMetrics.Tick;
import io.mvx.metrics.snapshot.RecorderStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ShutdownRaceTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(6);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  @RepeatedTest(5)
  void shutdown_racingProducers_losesNoAcceptedEvent() throws Exception {
    MetricsRuntime runtime = TestMetrics.started("race.producers");
    List<RuntimeRecorder> recorders = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RuntimeRecorder recorder = runtime.createRecorder("r" + i);
      recorder.registerMetric(new CountingMetric("ticks"));
      recorders.add(recorder);
    }
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<Long>> producers = new ArrayList<>();
    for (RuntimeRecorder recorder : recorders) {
      producers.add(pool.submit(() -> {
        long emitted = 0;
        while (!stop.get()) {
          recorder.registerEvent(new Tick(1));
          emitted++;
        }
        return emitted;
      }));
    }
    await().until(() -> runtime.stats().processed() > 50_000);

    runtime.shutdown();
    stop.set(true);

    for (int i = 0; i < recorders.size(); i++) {
      long emitted = producers.get(i).get();
      RuntimeRecorder recorder = recorders.get(i);
      RecorderStats stats = recorder.stats();
      assertThat(stats.accepted() + stats.dropped() + stats.rejected()).isEqualTo(emitted);
      assertThat(stats.processed()).isEqualTo(stats.accepted());
      assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(stats.accepted());
    }
    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
  }

  @RepeatedTest(5)
  void createRecorder_racingShutdown_onlyTypedErrors() throws Exception {
    MetricsRuntime runtime = TestMetrics.started("race.create");
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Object>>> creators = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int thread = t;
      creators.add(pool.submit(() -> {
        go.await();
        List<Object> outcomes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          try {
            outcomes.add(runtime.createRecorder("t" + thread + "-" + i));
          } catch (MetricsException e) {
            outcomes.add(e.reasonCode());
          }
        }
        return outcomes;
      }));
    }
    go.countDown();
    runtime.shutdown();

    for (Future<List<Object>> creator : creators) {
      for (Object outcome : creator.get()) {
        if (outcome instanceof RuntimeRecorder recorder) {
          assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.STOPPED);
        } else {
          assertThat(outcome).isEqualTo(MetricsException.INVALID_RUNTIME_STATE);
        }
      }
    }
    assertThat(runtime.stats().recorders()).isZero();
  }

  @Test
  void shutdown_fromAListener_runsInlineAndCloses() {
    MetricsRuntime runtime = TestMetrics.started("race.inline.shutdown");
    RecorderOptions options = RecorderOptions.builder().listener(new RecorderListener() {
      @Override
      public void onMetricChanged(String recorderId, Metric metric, MetricEvent event) {
        runtime.shutdown();
      }
    }).build();
    RuntimeRecorder recorder = runtime.createRecorder("a", options);
    recorder.registerMetric(new CountingMetric("ticks"));
    recorder.registerEvent(new Tick(1));

    await().until(() -> runtime.getStatus() == MetricsRuntimeState.CLOSED);
    assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.STOPPED);
    assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(1);
    runtime.shutdown();
  }

  @Test
  void snapshotsAndStats_racingShutdown_neverFailForState() throws Exception {
    MetricsRuntime runtime = TestMetrics.started("race.snapshots");
    RuntimeRecorder recorder = runtime.createRecorder("a");
    recorder.registerMetric(new CountingMetric("ticks"));
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<Integer>> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      readers.add(pool.submit(() -> {
        int reads = 0;
        while (!stop.get()) {
          runtime.snapshot();
          runtime.stats();
          recorder.getMetricSnapshots();
          recorder.registerEvent(new Tick(1));
          reads++;
        }
        return reads;
      }));
    }
    await().until(() -> runtime.stats().processed() > 100);

    CompletableFuture.runAsync(runtime::shutdown, pool).get();
    stop.set(true);

    for (Future<Integer> reader : readers) {
      assertThat(reader.get()).isPositive();
    }
    assertThat(recorder.stats().processed()).isEqualTo(recorder.stats().accepted());
  }
}
