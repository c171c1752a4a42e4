package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.TestMetrics.CountingMetric;
import io.mvx.metrics.TestMetrics.Tick;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RecorderStats;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * API.md §7.1: lifecycle calls never wait for the processing thread, order is kept, and a hung metric costs
 * only its own recorder. No test sleeps: a metric holds the processing thread on a latch, and the assertions
 * are on what the calls return and on what the runtime counts.
 */
class NothingWaitsTest {

  private static final Duration LIVENESS = Duration.ofMinutes(1); // a bound for "it returns", not a speed

  private MetricsRuntime runtime;

  @AfterEach
  void shutdown() {
    if (runtime != null) {
      runtime.shutdown();
    }
  }

  @Test
  void lifecycleCalls_returnWhileTheProcessingThreadIsHeldInASnapshot() throws Exception {
    runtime = MetricsRuntime.builder("waits.snapshot").logPolicy(LogPolicy.SILENT).maxRecorders(4)
        .handlerTimeout(Duration.ofMinutes(10)).build();
    runtime.start();
    HangingMetric held = new HangingMetric("held");
    runtime.createRecorder("held").registerMetric(held);
    held.hangInSnapshot = true;
    CompletableFuture<RuntimeSnapshot> scrape = CompletableFuture.supplyAsync(runtime::snapshot);
    assertThat(held.entered.await(1, TimeUnit.MINUTES)).isTrue();

    RuntimeRecorder created = runtime.createRecorder("connection-1");
    CountingMetric bytes = new CountingMetric("bytes");
    created.registerMetric(bytes);
    created.registerEvent(new Tick(5));
    assertThat(runtime.findRecorder("connection-1")).containsSame(created);
    assertThat(runtime.listRecorderIds()).containsExactly("held", "connection-1");
    assertThatThrownBy(() -> runtime.createRecorder("connection-1"))
        .isInstanceOfSatisfying(MetricsException.class,
            e -> assertThat(e.reasonCode()).isEqualTo(MetricsException.RECORDER_ALREADY_EXISTS));
    runtime.createRecorder("connection-2");
    runtime.createRecorder("connection-3");
    assertThatThrownBy(() -> runtime.createRecorder("connection-4"))
        .isInstanceOfSatisfying(MetricsException.class,
            e -> assertThat(e.reasonCode()).isEqualTo(MetricsException.RECORDER_LIMIT_EXCEEDED));
    runtime.stopRecorder("connection-2");
    CompletableFuture<Void> stopped = runtime.getRecorder("connection-3").stop();
    assertThat(runtime.stopAndRemoveRecorder("connection-1")).isSameAs(created);
    assertThat(runtime.findRecorder("connection-1")).isEmpty();
    RuntimeRecorder again = runtime.createRecorder("connection-1"); // the id is free at once
    assertThat(stopped).isNotDone();

    held.release.countDown();
    assertThat(scrape).succeedsWithin(LIVENESS);
    assertThat(stopped).succeedsWithin(LIVENESS);
    assertThat(created.getMetricSnapshots().get("bytes").value("sum")).hasValue(5);
    assertThat(runtime.snapshot().recorders()).containsOnlyKeys("held", "connection-2", "connection-3", "connection-1");
    assertThat(runtime.snapshot().recorders().get("connection-1")).isEmpty();
    assertThat(again).isNotSameAs(created);
  }

  @Test
  void anEventRegisteredAfterRegisterMetric_inAThreadItHappensBefore_reachesThatMetric() throws Exception {
    runtime = TestMetrics.started("waits.order");
    RuntimeRecorder recorder = runtime.createRecorder("r");
    CountDownLatch registered = new CountDownLatch(1);
    Thread producer = new Thread(() -> {
      try {
        registered.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      for (int i = 0; i < 1_000; i++) {
        recorder.registerEvent(new Tick(1));
      }
    });
    producer.start();
    CountingMetric late = new CountingMetric("late");
    recorder.registerMetric(late);
    registered.countDown();
    producer.join();

    assertThat(recorder.getMetricSnapshots().get("late").value("count")).hasValue(1_000);
  }

  @Test
  void stopAndRemove_returnsAtOnce_andTheFinalSnapshotHoldsEveryEventAcceptedBefore() {
    runtime = TestMetrics.started("waits.remove");
    for (int connection = 0; connection < 200; connection++) {
      RuntimeRecorder recorder = runtime.createRecorder("connection-" + connection);
      recorder.registerMetric(new CountingMetric("bytes"));
      for (int i = 0; i <= connection; i++) {
        recorder.registerEvent(new Tick(1));
      }
      RuntimeRecorder removed = runtime.stopAndRemoveRecorder("connection-" + connection);

      assertThat(removed.getMetricSnapshots().get("bytes").value("count")).hasValue(connection + 1);
      assertThat(removed.getStatus()).isEqualTo(MetricsRecorderState.STOPPED);
    }
    assertThat(runtime.listRecorderIds()).isEmpty();
    assertThat(runtime.stats().accepted()).isEqualTo(runtime.stats().processed()).isEqualTo(200 * 201 / 2);
  }

  @Test
  void hungMetric_costsOnlyItsRecorder_theOthersCarryOnOnANewThread() throws Exception {
    runtime = MetricsRuntime.builder("waits.hung").logPolicy(LogPolicy.SILENT)
        .handlerTimeout(Duration.ofMillis(100)).build();
    runtime.start();
    RuntimeRecorder stuck = runtime.createRecorder("stuck");
    HangingMetric hanging = new HangingMetric("hanging");
    stuck.registerMetric(hanging);
    RuntimeRecorder healthy = runtime.createRecorder("healthy");
    CountingMetric ticks = new CountingMetric("ticks");
    healthy.registerMetric(ticks);
    for (int i = 0; i < 3; i++) {
      stuck.registerEvent(new Tick(1));
    }
    assertThat(runtime.snapshot().recorders().get("stuck").get("hanging").value("count")).hasValue(3);

    stuck.registerEvent(new Tick(-1)); // hangs in handleEvent
    stuck.registerEvent(new Tick(1)); // waits behind it
    assertThat(hanging.entered.await(1, TimeUnit.MINUTES)).isTrue();
    for (int i = 0; i < 5_000; i++) {
      healthy.registerEvent(new Tick(1));
    }
    await().atMost(LIVENESS).until(() -> runtime.stats().handlersHung() == 1);

    RuntimeSnapshot cut = runtime.snapshot(Duration.ofSeconds(30));
    assertThat(cut.age()).isZero(); // a fresh cut from the new processing thread
    assertThat(cut.recorders().get("healthy").get("ticks").value("count")).hasValue(5_000);
    assertThat(cut.recorders().get("stuck").get("hanging").value("count")).hasValue(3); // its last good values
    assertThat(stuck.getStatus()).isEqualTo(MetricsRecorderState.FAILURE);
    stuck.registerEvent(new Tick(1));
    RecorderStats stuckStats = stuck.stats();
    assertThat(stuckStats.rejected()).isEqualTo(2); // the event behind the hung one, and the one after
    assertThat(stuckStats.accepted()).isEqualTo(stuckStats.processed()).isEqualTo(4);
    assertThat(healthy.stats().dropped()).isZero();
    assertThatThrownBy(() -> stuck.start().join()).hasCauseInstanceOf(MetricsException.class);

    long processedBefore = runtime.stats().processed();
    hanging.release.countDown(); // the old thread returns into the runtime and unwinds, touching nothing
    await().atMost(LIVENESS).until(() -> processingThreads("waits.hung.metrics_runtime") == 1);
    assertThat(runtime.stats().processed()).isEqualTo(processedBefore);
    assertThat(runtime.snapshot().recorders().get("stuck").get("hanging").value("count")).hasValue(3);
  }

  @Test
  void hungMetric_inARunOfOneReusedEvent_countsTheHungEventProcessed_andTheRestOfTheRunRejected() throws Exception {
    runtime = MetricsRuntime.builder("waits.hungrun").logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    RuntimeRecorder gate = runtime.createRecorder("gate");
    HangingMetric gateMetric = new HangingMetric("gate");
    gate.registerMetric(gateMetric);
    RuntimeRecorder stuck = runtime.createRecorder("stuck");
    HangingMetric hanging = new HangingMetric("hanging");
    hanging.hangAtCall = 4;
    stuck.registerMetric(hanging);

    gate.registerEvent(new Tick(-1)); // holds the processing thread while the run queues up behind it
    assertThat(gateMetric.entered.await(1, TimeUnit.MINUTES)).isTrue();
    Tick reused = new Tick(1);
    for (int i = 0; i < 10; i++) {
      stuck.registerEvent(reused); // one pair written, nine repeats: handed on as one run
    }
    gateMetric.release.countDown();
    assertThat(hanging.entered.await(1, TimeUnit.MINUTES)).isTrue(); // the fourth call of the run hangs
    await().atMost(LIVENESS).until(() -> runtime.stats().handlersHung() == 1);

    RecorderStats stats = stuck.stats();
    assertThat(stats.processed()).isEqualTo(4); // three delivered, and the hung one
    assertThat(stats.rejected()).isEqualTo(6); // the rest of the run, never delivered
    assertThat(stats.accepted()).isEqualTo(4);
    assertThat(stats.pending()).isZero();
    assertThat(runtime.stats().accepted()).isEqualTo(runtime.stats().processed()).isEqualTo(5);
    hanging.release.countDown();
  }

  @Test
  void lateCut_servesEveryRecordersLastGoodSnapshot_withItsAge_neverStatisticsAlone() throws Exception {
    runtime = MetricsRuntime.builder("waits.deadline").logPolicy(LogPolicy.SILENT)
        .handlerTimeout(Duration.ofMinutes(10)).build();
    runtime.start();
    RuntimeRecorder slow = runtime.createRecorder("slow");
    HangingMetric hanging = new HangingMetric("hanging");
    slow.registerMetric(hanging);
    RuntimeRecorder other = runtime.createRecorder("other");
    other.registerMetric(new CountingMetric("ticks"));
    other.registerEvent(new Tick(1));
    assertThat(runtime.snapshot().recorders()).containsOnlyKeys("slow", "other");
    slow.registerEvent(new Tick(-1));
    assertThat(hanging.entered.await(1, TimeUnit.MINUTES)).isTrue();

    RuntimeSnapshot late = runtime.snapshot(Duration.ofMillis(50));

    assertThat(late.age()).isPositive();
    assertThat(late.recorders().get("other").get("ticks").value("count")).hasValue(1);
    assertThat(late.recorders().get("slow")).containsOnlyKeys("hanging");
    hanging.release.countDown();
  }

  @Test
  void recorderIdLongerThanMaxLabelValueLength_isRefused_andSoIsASnapshotWithALongerLabelValue() {
    runtime = MetricsRuntime.builder("waits.length").logPolicy(LogPolicy.SILENT).maxLabelValueLength(8).build();
    runtime.start();
    assertThatThrownBy(() -> runtime.createRecorder("a-very-long-id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recorderId is longer than maxLabelValueLength 8");
    RuntimeRecorder recorder = runtime.createRecorder("short");
    recorder.registerMetric(new LabelledMetric("labelled", "a-long-label-value"));
    recorder.registerMetric(new LabelledMetric("fine", "ok"));

    assertThat(recorder.getMetricSnapshots()).containsOnlyKeys("fine");
    assertThat(recorder.stats().handlerErrors()).isEqualTo(1);
  }

  private static long processingThreads(String name) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).count();
  }

  /**
   * Counts ticks; hangs in handleEvent on a tick of -1 or at a given call, or in snapshot when asked, until
   * released.
   */
  static final class HangingMetric implements Metric {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final String name;
    volatile boolean hangInSnapshot;
    /** When positive, the handleEvent call of this number (counting from 1) hangs. */
    volatile int hangAtCall;
    private int calls;
    long count;

    HangingMetric(String name) {
      this.name = name;
    }

    @Override
    public String metricName() {
      return name;
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      if (event instanceof Tick tick && tick.value() < 0 || ++calls == hangAtCall) {
        hang();
      }
      count++;
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      if (hangInSnapshot) {
        hang();
      }
      return MetricSnapshot.builder(name).counter("count", count).build();
    }

    private void hang() {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A gauge labelled with a fixed value. */
  record LabelledMetric(String metricName, String labelValue) implements Metric {
    @Override
    public boolean handleEvent(MetricEvent event) {
      return false;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder(metricName).gauge("value", 1, Map.of("peer", labelValue)).build();
    }
  }
}
