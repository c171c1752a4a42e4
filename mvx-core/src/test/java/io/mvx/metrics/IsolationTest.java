package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.TestMetrics.BlockingMetric;
import io.mvx.metrics.TestMetrics.CountingMetric;
import io.mvx.metrics.TestMetrics.ThrowingMetric;
import io.mvx.metrics.TestMetrics.Tick;
import io.mvx.metrics.snapshot.MetricSnapshot;
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
    runtime.stopRecorder("a");
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
  void blockedMetric_makesBlockingCallsTimeOut_andRecoversAfterwards() throws Exception {
    runtime = MetricsRuntime.builder("isolation.timeout")
        .logPolicy(LogPolicy.SILENT)
        .operationTimeout(Duration.ofMillis(200))
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
    assertThatThrownBy(() -> runtime.createRecorder("abandoned"))
        .isInstanceOfSatisfying(MetricsException.class,
            e -> assertThat(e.reasonCode()).isEqualTo(MetricsException.OPERATION_TIMEOUT));

    blocker.release.countDown();
    assertThat(TestMetrics.value(recorder, "blocking", "count")).isEqualTo(1);
    assertThat(runtime.listRecorderIds()).containsExactly("a"); // the timed-out create never ran
  }

  @Test
  void shutdown_withAMetricBlockedForever_failsWithinItsBoundAndReleasesTheThread() throws Exception {
    RuntimeRecorder recorder = stuckRecorder("isolation.stuck");
    Thread thread = MetricsRuntimeLifecycleTest.processingThread("isolation.stuck.metrics_runtime");

    assertThatThrownBy(runtime::shutdown)
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.reasonCode()).isEqualTo(MetricsException.SHUTDOWN_ERROR);
          assertThat(e.details()).containsEntry("pending", 1L);
        });
    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.FAILURE);
    assertThat(thread.isAlive()).isFalse();
    recorder.registerEvent(new Tick(3));
    assertThat(recorder.stats().rejected()).isEqualTo(1);

    runtime.shutdown();
    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
  }

  @Test
  void stopWaitingForABlockedMetric_failsWithRecorderStopError_whenShutdownGivesUp() throws Exception {
    RuntimeRecorder recorder = stuckRecorder("isolation.stop.error");
    var stopped = recorder.stop();

    assertThatThrownBy(runtime::shutdown).isInstanceOf(MetricsException.class);

    assertThatThrownBy(stopped::join)
        .hasCauseInstanceOf(MetricsException.class)
        .cause()
        .satisfies(e -> assertThat(((MetricsException) e).reasonCode())
            .isEqualTo(MetricsException.RECORDER_STOP_ERROR));
    runtime.shutdown();
  }

  /**
   * A recorder whose metric blocks the processing thread on its first event, forever (only an interrupt
   * frees it), with a second event queued behind it; the runtime's operation timeout is 300 ms.
   */
  private RuntimeRecorder stuckRecorder(String namespace) throws InterruptedException {
    runtime = MetricsRuntime.builder(namespace)
        .logPolicy(LogPolicy.SILENT)
        .operationTimeout(Duration.ofMillis(300))
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
