package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  private static final int PRODUCERS = 4;
  private static final int EVENTS_PER_PRODUCER = 250_000;

  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private MetricsRuntime runtime;

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    if (runtime != null) {
      runtime.shutdown();
    }
  }

  @Test
  void manyProducers_millionEvents_exactTotalsAndNothingLost() throws Exception {
    runtime = MetricsRuntime.builder("concurrency.million")
        .logPolicy(LogPolicy.SILENT)
        .defaultOverflowPolicy(OverflowPolicy.RAISE_ERROR)
        .defaultQueueCapacity(Integer.MAX_VALUE)
        .build();
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("shared");
    CountingMetric metric = new CountingMetric("ticks");
    recorder.registerMetric(metric);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Long>> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      producers.add(pool.submit(() -> {
        go.await();
        long overflows = 0;
        for (int i = 1; i <= EVENTS_PER_PRODUCER; i++) {
          Tick tick = new Tick(i);
          while (true) {
            try {
              recorder.registerEvent(tick);
              break;
            } catch (MetricsException e) {
              overflows++; // the shared buffer is full: emit again
            }
          }
        }
        return overflows;
      }));
    }
    go.countDown();
    long overflows = 0;
    for (Future<Long> producer : producers) {
      overflows += producer.get();
    }

    long expectedSum = (long) PRODUCERS * EVENTS_PER_PRODUCER * (EVENTS_PER_PRODUCER + 1) / 2;
    assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(PRODUCERS * EVENTS_PER_PRODUCER);
    assertThat(TestMetrics.value(recorder, "ticks", "sum")).isEqualTo(expectedSum);
    RecorderStats stats = recorder.stats();
    assertThat(stats.accepted()).isEqualTo((long) PRODUCERS * EVENTS_PER_PRODUCER);
    assertThat(stats.processed()).isEqualTo(stats.accepted());
    assertThat(stats.dropped()).isEqualTo(overflows);
    assertThat(stats.pending()).isZero();
    assertThat(stats.rejected()).isZero();
  }

  @Test
  void eventsOfOneProducer_reachEachMetricInEmissionOrder() throws Exception {
    runtime = TestMetrics.started("concurrency.order");
    List<RuntimeRecorder> recorders = new ArrayList<>();
    List<CountingMetric> metrics = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      RuntimeRecorder recorder = runtime.createRecorder("r" + p);
      CountingMetric first = new CountingMetric("first", true);
      CountingMetric second = new CountingMetric("second", true);
      recorder.registerMetric(first);
      recorder.registerMetric(second);
      recorders.add(recorder);
      metrics.add(first);
      metrics.add(second);
    }
    List<Future<?>> producers = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      RuntimeRecorder recorder = recorders.get(p);
      producers.add(pool.submit(() -> {
        for (long i = 0; i < 5_000; i++) {
          recorder.registerEvent(new Tick(i));
        }
      }));
    }
    for (Future<?> producer : producers) {
      producer.get();
    }
    runtime.snapshot(); // read-your-writes: everything emitted above is processed now

    for (CountingMetric metric : metrics) {
      assertThat(metric.seen).hasSize(5_000).isSorted();
    }
  }

  @Test
  void racingCreateRecorder_ofOneId_exactlyOneWins() throws Exception {
    runtime = TestMetrics.started("concurrency.create");
    for (int round = 0; round < 20; round++) {
      String id = "conn-" + round;
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Object>> creators = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        creators.add(CompletableFuture.supplyAsync(() -> {
          try {
            go.await();
            return runtime.createRecorder(id);
          } catch (MetricsException e) {
            return e.reasonCode();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }, pool));
      }
      go.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (CompletableFuture<Object> creator : creators) {
        outcomes.add(creator.get());
      }
      assertThat(outcomes).filteredOn(RuntimeRecorder.class::isInstance).hasSize(1);
      assertThat(outcomes).filteredOn(String.class::isInstance)
          .hasSize(7)
          .containsOnly(MetricsException.RECORDER_ALREADY_EXISTS);
    }
    assertThat(runtime.listRecorderIds()).hasSize(20);
  }

  @Test
  void readYourWrites_acrossThreads_throughHappensBefore() throws Exception {
    runtime = TestMetrics.started("concurrency.ryw");
    RuntimeRecorder recorder = runtime.createRecorder("a");
    recorder.registerMetric(new CountingMetric("ticks"));
    for (int i = 1; i <= 200; i++) {
      int expected = i;
      pool.submit(() -> recorder.registerEvent(new Tick(1))).get(); // emitted on another thread
      pool.submit(() -> assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(expected))
          .get(); // read on a third
    }
  }
}
