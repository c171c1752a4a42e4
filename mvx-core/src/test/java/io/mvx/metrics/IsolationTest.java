package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.TestMetrics.BlockingMetric;
import io.mvx.metrics.TestMetrics.CountingMetric;
import io.mvx.metrics.TestMetrics.ThrowingMetric;
import io.mvx.metrics.TestMetrics.Tick;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RecorderStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IsolationTest {

  private MetricsRuntime runtime;

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.shutdown();
    }
  }

  @Test
  void throwingHandleEvent_isCountedAndOtherMetricsStillGetTheEvent() {
    runtime = TestMetrics.started("isolation.event");
    RuntimeRecorder recorder = runtime.createRecorder("a");
    recorder.registerMetric(new ThrowingMetric(true, false));
    recorder.registerMetric(new CountingMetric("ticks"));

    for (int i = 0; i < 10; i++) {
      recorder.registerEvent(new Tick(1));
    }

    assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(10);
    assertThat(recorder.stats().handlerErrors()).isEqualTo(10);
    assertThat(recorder.stats().processed()).isEqualTo(10);
    assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.RUNNING);
    assertThat(runtime.stats().handlerErrors()).isEqualTo(10);
  }

  @Test
  void throwingSnapshot_isLeftOutAndOthersStillAppear() {
    runtime = TestMetrics.started("isolation.snapshot");
    RuntimeRecorder broken = runtime.createRecorder("broken");
    broken.registerMetric(new ThrowingMetric(false, true));
    broken.registerMetric(new CountingMetric("ticks"));
    RuntimeRecorder fine = runtime.createRecorder("fine");
    fine.registerMetric(new CountingMetric("ticks"));
    broken.registerEvent(new Tick(1));

    Map<String, MetricSnapshot> snapshots = broken.getMetricSnapshots();
    var all = runtime.snapshot();

    assertThat(snapshots).containsOnlyKeys("ticks");
    assertThat(snapshots.get("ticks").value("count")).hasValue(1);
    assertThat(all.recorders().get("broken")).containsOnlyKeys("ticks");
    assertThat(all.recorders().get("fine")).containsOnlyKeys("ticks");
    assertThat(broken.stats().handlerErrors()).isEqualTo(2);
  }

  @Test
  void throwingListeners_areCountedAndTheRecorderKeepsRunning() {
    runtime = TestMetrics.started("isolation.listener");
    RecorderOptions options = RecorderOptions.builder().listener(new RecorderListener() {
      @Override
      public void onMetricChanged(String recorderId, Metric metric, MetricEvent event) {
        throw new IllegalStateException("listener is broken");
      }

      @Override
      public void onStopped(String recorderId) {
        throw new IllegalStateException("listener is broken");
      }
    }).build();
    runtime.addRegistryListener(new RegistryListener() {
      @Override
      public void metricRegistered(RuntimeRecorder recorder, MetricSnapshot snapshot) {
        throw new IllegalStateException("registry listener is broken");
      }
    });
    RuntimeRecorder recorder = runtime.createRecorder("a", options);
    recorder.registerMetric(new CountingMetric("ticks"));
    recorder.registerEvent(new Tick(1));
    recorder.registerEvent(new Tick(1));

    assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(2);
    runtime.stopRecorder("a"); // returns at once; the stop completes once the recorder has drained
    recorder.stop().join();
    assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.STOPPED);
    assertThat(recorder.stats().handlerErrors()).isEqualTo(4); // registered + 2 changes + stopped
  }

  @Test
  void listener_callingBackIntoTheRecorderInline_doesNotDeadlock() {
    runtime = TestMetrics.started("isolation.inline");
    List<Double> totalsSeenByListener = new ArrayList<>();
    RuntimeRecorder[] self = new RuntimeRecorder[1];
    RecorderOptions options = RecorderOptions.builder().listener(new RecorderListener() {
      @Override
      public void onMetricChanged(String recorderId, Metric metric, MetricEvent event) {
        totalsSeenByListener.add(self[0].getMetricSnapshots().get("ticks").value("count").orElseThrow());
        self[0].metrics();
        runtime.snapshot();
        runtime.listRecorderIds();
      }
    }).build();
    self[0] = runtime.createRecorder("a", options);
    self[0].registerMetric(new CountingMetric("ticks"));

    for (int i = 0; i < 3; i++) {
      self[0].registerEvent(new Tick(1));
    }

    assertThat(TestMetrics.value(self[0], "ticks", "count")).isEqualTo(3);
    assertThat(totalsSeenByListener).containsExactly(1.0, 2.0, 3.0);
    assertThat(self[0].stats().handlerErrors()).isZero();
  }

  @Test
  void listener_stoppingItsOwnRecorderInline_completesLater() {
    runtime = TestMetrics.started("isolation.inline.stop");
    RecorderOptions options = RecorderOptions.builder().listener(new RecorderListener() {
      @Override
      public void onMetricChanged(String recorderId, Metric metric, MetricEvent event) {
        runtime.stopRecorder(recorderId);
      }
    }).build();
    RuntimeRecorder recorder = runtime.createRecorder("a", options);
    recorder.registerMetric(new CountingMetric("ticks"));
    recorder.registerEvent(new Tick(1));

    await().until(() -> recorder.getStatus() == MetricsRecorderState.STOPPED);
    assertThat(recorder.stats().handlerErrors()).isZero();
    assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(1);
  }

  @Test
  void blockedMetric_makesSnapshotReadsTimeOut_whileLifecycleCallsReturnAtOnce() throws Exception {
    runtime = MetricsRuntime.builder("isolation.timeout")
        .logPolicy(LogPolicy.SILENT)
        .operationTimeout(Duration.ofMillis(200))
        .handlerTimeout(Duration.ofMinutes(10)) // blocked, not hung: no takeover in this test
        .build();
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("a");
    BlockingMetric blocker = new BlockingMetric();
    recorder.registerMetric(blocker);
    recorder.registerEvent(new Tick(1));
    assertThat(blocker.entered.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(recorder::getMetricSnapshots)
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.reasonCode()).isEqualTo(MetricsException.OPERATION_TIMEOUT);
          assertThat(e.details()).containsEntry("operation", "getMetricSnapshots");
        });
    RuntimeRecorder other = runtime.createRecorder("other");
    other.registerMetric(new CountingMetric("ticks"));
    assertThat(runtime.listRecorderIds()).containsExactly("a", "other");
    assertThat(runtime.stopAndRemoveRecorder("other")).isSameAs(other);
    assertThat(runtime.findRecorder("other")).isEmpty();
    assertThat(runtime.snapshot(Duration.ofMillis(50)).age()).isPositive();

    blocker.release.countDown();
    assertThat(TestMetrics.value(recorder, "blocking", "count")).isEqualTo(1);
    assertThat(runtime.snapshot().recorders()).containsOnlyKeys("a");
  }

  @Test
  void shutdown_withAMetricBlockedForever_returnsWithinItsBound_havingDrainedTheOthers() throws Exception {
    RuntimeRecorder recorder = stuckRecorder("isolation.stuck");
    RuntimeRecorder healthy = runtime.createRecorder("healthy");
    healthy.registerMetric(new CountingMetric("ticks"));
    for (int i = 0; i < 1_000; i++) {
      healthy.registerEvent(new Tick(1));
    }

    runtime.shutdown(); // the hung call is cut off after handlerTimeout; a new thread drains the others

    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
    assertThat(runtime.stats().handlersHung()).isEqualTo(1);
    assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.FAILURE);
    assertThat(healthy.getMetricSnapshots().get("ticks").value("count")).hasValue(1_000);
    assertThat(healthy.stats().processed()).isEqualTo(1_000);
    recorder.registerEvent(new Tick(3));
    RecorderStats stats = recorder.stats();
    assertThat(stats.accepted()).isEqualTo(stats.processed()); // the second event moved to rejected
    assertThat(stats.rejected()).isEqualTo(2);
  }

  @Test
  void stopOfAHungRecorder_completes_onceTheNewThreadTookOver() throws Exception {
    RuntimeRecorder recorder = stuckRecorder("isolation.stop.hung");
    var stopped = recorder.stop();

    stopped.get(1, TimeUnit.MINUTES);
    assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.FAILURE);
    assertThat(runtime.stats().handlersHung()).isEqualTo(1);
    runtime.shutdown();
    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
  }

  /**
   * A recorder whose metric blocks the processing thread on its first event, forever (only an interrupt
   * frees it), with a second event queued behind it; the runtime's operation timeout is 300 ms, its handler
   * timeout 200 ms.
   */
  private RuntimeRecorder stuckRecorder(String namespace) throws InterruptedException {
    runtime = MetricsRuntime.builder(namespace)
        .logPolicy(LogPolicy.SILENT)
        .operationTimeout(Duration.ofMillis(300))
        .handlerTimeout(Duration.ofMillis(200))
        .build();
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("a");
    BlockingMetric blocker = new BlockingMetric();
    recorder.registerMetric(blocker);
    recorder.registerEvent(new Tick(1));
    recorder.registerEvent(new Tick(2));
    assertThat(blocker.entered.await(10, TimeUnit.SECONDS)).isTrue();
    return recorder;
  }
}
