package io.mvx.metrics.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RecorderOptions;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RecorderStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * API.md §7.2: four producer threads on one recorder. The queue bound holds within its documented slack
 * ({@link RecorderCounters#GRANT} per further thread), and the accounting is exact: every call is accepted,
 * dropped or rejected exactly once, and accepted = processed + pending, across stop, restart and removal.
 */
class ManyThreadsOneRecorderTest {

  private static final int THREADS = 4;

  private MetricsRuntime runtime;

  @AfterEach
  void shutdown() {
    if (runtime != null) {
      runtime.shutdown();
    }
  }

  private MetricsRuntime runtime(String namespace) {
    runtime = MetricsRuntime.builder(namespace).logPolicy(LogPolicy.SILENT).eventBufferCapacity(1 << 22).build();
    runtime.start();
    return runtime;
  }

  static final class Tick implements MetricEvent {
    @Override
    public String eventType() {
      return "tick";
    }
  }

  /** Counts its events; read it after a hand-off (a snapshot, a completed stop). */
  static final class Count implements Metric {
    long count;

    @Override
    public String metricName() {
      return "count";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      count++;
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder("count").counter("total", count).build();
    }
  }

  /** Holds the processing thread inside its first event until {@link #open} counts down. */
  static final class Gate implements Metric {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);

    @Override
    public String metricName() {
      return "gate";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      entered.countDown();
      try {
        open.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder("gate").gauge("open", 1).build();
    }
  }

  private static double total(RuntimeRecorder recorder) {
    return recorder.getMetricSnapshots().get("count").values().get(0).value();
  }

  /** Runs {@code perThread} calls of {@code recorder.registerEvent} on each of four threads started together. */
  private static void fourThreads(RuntimeRecorder recorder, int perThread) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread = new Thread(() -> {
        Tick tick = new Tick();
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        for (int i = 0; i < perThread; i++) {
          recorder.registerEvent(tick);
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  @RepeatedTest(5)
  void fourThreads_fillTheQueueWithinItsSlack_andEveryCallIsCountedOnce() throws Exception {
    runtime("many.bound");
    Gate gate = new Gate();
    RuntimeRecorder held = runtime.createRecorder("held");
    held.registerMetric(gate);
    int capacity = 1_000;
    RuntimeRecorder recorder = runtime.createRecorder("shared", RecorderOptions.builder().queueCapacity(capacity).build());
    Count count = new Count();
    recorder.registerMetric(count);
    held.registerEvent(new Tick());
    gate.entered.await(); // nothing is processed from here on

    int perThread = 10_000;
    fourThreads(recorder, perThread);

    RecorderStats stats = recorder.stats();
    long slack = (long) (THREADS - 1) * Math.min(RecorderCounters.GRANT, capacity);
    assertThat(stats.accepted() + stats.dropped()).isEqualTo((long) THREADS * perThread);
    assertThat(stats.rejected()).isZero();
    assertThat(stats.processed()).isZero();
    assertThat(stats.pending()).isEqualTo(stats.accepted());
    assertThat(stats.accepted()).isBetween((long) capacity, capacity + slack);

    gate.open.countDown();
    assertThat(total(recorder)).isEqualTo(stats.accepted()); // read-your-writes: all of them processed
    RecorderStats after = recorder.stats();
    assertThat(after.processed()).isEqualTo(stats.accepted());
    assertThat(after.pending()).isZero();
    assertThat(count.count).isEqualTo(stats.accepted());
  }

  @Test
  void oneThread_neverPassesTheBound() throws Exception {
    runtime("many.one");
    Gate gate = new Gate();
    RuntimeRecorder held = runtime.createRecorder("held");
    held.registerMetric(gate);
    RuntimeRecorder recorder = runtime.createRecorder("single", RecorderOptions.builder().queueCapacity(777).build());
    recorder.registerMetric(new Count());
    held.registerEvent(new Tick());
    gate.entered.await();

    for (int i = 0; i < 10_000; i++) {
      recorder.registerEvent(new Tick());
    }

    assertThat(recorder.stats().accepted()).isEqualTo(777);
    assertThat(recorder.stats().dropped()).isEqualTo(10_000 - 777);
    gate.open.countDown();
  }

  @Test
  void aNoisyRecorder_dropsNoneOfAnothersEvents() throws Exception {
    runtime("many.isolation");
    Gate gate = new Gate();
    RuntimeRecorder held = runtime.createRecorder("held");
    held.registerMetric(gate);
    RecorderOptions small = RecorderOptions.builder().queueCapacity(100).build();
    RuntimeRecorder noisy = runtime.createRecorder("noisy", small);
    noisy.registerMetric(new Count());
    RuntimeRecorder quiet = runtime.createRecorder("quiet", small);
    quiet.registerMetric(new Count());
    held.registerEvent(new Tick());
    gate.entered.await();

    fourThreads(noisy, 50_000);
    for (int i = 0; i < 100; i++) {
      quiet.registerEvent(new Tick());
    }

    assertThat(noisy.stats().dropped()).isPositive();
    assertThat(quiet.stats().dropped()).isZero();
    assertThat(quiet.stats().accepted()).isEqualTo(100);
    gate.open.countDown();
    assertThat(total(quiet)).isEqualTo(100);
  }

  @RepeatedTest(3)
  void fourThreads_acrossStopRestartAndRemoval_everyAcceptedEventIsProcessedOnce() throws Exception {
    runtime("many.lifecycle");
    RuntimeRecorder recorder = runtime.createRecorder("shared");
    Count count = new Count();
    recorder.registerMetric(count);
    AtomicBoolean producing = new AtomicBoolean(true);
    long[] calls = new long[THREADS];
    CyclicBarrier start = new CyclicBarrier(THREADS + 1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int index = t;
      Thread thread = new Thread(() -> {
        Tick tick = new Tick();
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        long made = 0;
        while (producing.get()) {
          recorder.registerEvent(tick);
          made++;
        }
        calls[index] = made;
      });
      thread.start();
      threads.add(thread);
    }
    start.await();
    long acceptedAtLastStop = 0;
    for (int cycle = 0; cycle < 50; cycle++) {
      recorder.stop().get();
      RecorderStats stopped = recorder.stats();
      // a stop completes once every event accepted before it is processed, and nothing is accepted after
      assertThat(stopped.pending()).isZero();
      assertThat(stopped.processed()).isEqualTo(stopped.accepted());
      assertThat(stopped.accepted()).isGreaterThanOrEqualTo(acceptedAtLastStop);
      assertThat(recorder.getMetricSnapshots().get("count").values().get(0).value()).isEqualTo(stopped.accepted());
      acceptedAtLastStop = stopped.accepted();
      recorder.start().get();
    }
    runtime.stopAndRemoveRecorder("shared");
    RecorderStats removed = recorder.stats();
    double finalCount = total(recorder); // the removed recorder's final snapshot
    producing.set(false);
    for (Thread thread : threads) {
      thread.join();
    }

    RecorderStats end = recorder.stats();
    long made = 0;
    for (long each : calls) {
      made += each;
    }
    assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.STOPPED);
    assertThat(finalCount).isEqualTo(removed.accepted());
    assertThat(end.accepted()).isEqualTo(removed.accepted()); // nothing accepted after the removal
    assertThat(end.processed()).isEqualTo(end.accepted());
    assertThat(end.pending()).isZero();
    assertThat(end.accepted() + end.dropped() + end.rejected()).isEqualTo(made);
    assertThat(end.rejected()).isPositive(); // producers kept calling while stopped and after the removal
    assertThat(count.count).isEqualTo(end.accepted());
  }
}
