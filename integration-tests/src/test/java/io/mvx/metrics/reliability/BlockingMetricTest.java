package io.mvx.metrics.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.MetricsRuntimeState;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A metric that blocks the processing thread: blocking calls give up after the operation timeout with
 * {@code OPERATION_TIMEOUT}, scrapes still answer (with the statistics), calls abandoned while waiting
 * never run later, and shutdown ends within its bound with {@code SHUTDOWN_ERROR}, releasing the thread.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingMetricTest {

  static final Duration TIMEOUT = Duration.ofMillis(500);

  /** Blocks until released and ignores interrupts while it waits (restoring the flag afterwards). */
  static final class StubbornMetric implements Metric {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile Thread thread;

    @Override
    public String metricName() {
      return "stubborn";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      thread = Thread.currentThread();
      entered.countDown();
      boolean interrupted = false;
      while (true) {
        try {
          release.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder("stubborn").gauge("stuck", release.getCount()).build();
    }
  }

  private static MetricsRuntime runtime(String namespace) {
    MetricsRuntime runtime = MetricsRuntime.builder(namespace).operationTimeout(TIMEOUT).build();
    runtime.start();
    return runtime;
  }

  private static void assertTimesOut(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(MetricsException.class, e -> {
      assertThat(e.reasonCode()).isEqualTo(MetricsException.OPERATION_TIMEOUT);
      assertThat(e.details()).containsEntry("timeout", TIMEOUT);
    });
  }

  @Test
  void blockedMetric_blockingCallsTimeOut_scrapesAnswer_andAbandonedCallsNeverRun() throws Exception {
    MetricsRuntime runtime = runtime("reliability.blocking.timeouts");
    try (Adapters adapters = Adapters.attach(runtime, Duration.ofMillis(100))) {
      RuntimeRecorder recorder = runtime.createRecorder("a");
      GatedMetric gated = new GatedMetric();
      recorder.registerMetric(gated);
      recorder.registerEvent(Hit.ONE);
      assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();

      assertTimesOut(runtime::snapshot);
      assertTimesOut(recorder::getMetricSnapshots);
      assertTimesOut(() -> runtime.createRecorder("late"));
      assertTimesOut(() -> runtime.stopRecorder("a"));
      assertTimesOut(() -> recorder.registerMetric(new HitCounter("late")));
      recorder.registerEvent(Hit.ONE); // the hot path does not wait: accepted
      assertThat(runtime.listRecorderIds()).containsExactly("a"); // reads the registry without the thread
      assertThat(runtime.stats().pending()).isEqualTo(2);

      TextExposition scrape = adapters.prometheus();
      assertThat(adapters.prometheusStat(scrape, "mvx_runtime_events_pending")).isEqualTo(2);
      assertThat(scrape.value("mvx_runtime_collector_skipped_total",
          Map.of("namespace", runtime.namespace(), "reason", "snapshot_failed"))).hasValue(1);
      adapters.readMicrometer();
      assertThat(adapters.otelStat(adapters.otel(), "mvx.runtime.events.pending")).isEqualTo(2);

      gated.open();
      assertThat(recorder.getMetricSnapshots().get("gated").value("count")).hasValue(2);
      assertThat(runtime.findRecorder("late")).as("the abandoned createRecorder never ran").isEmpty();
      assertThat(recorder.metrics()).as("the abandoned registerMetric never ran").containsExactly(gated);
      assertThat(recorder.getStatus()).as("the abandoned stopRecorder never ran")
          .isEqualTo(MetricsRecorderState.RUNNING);
      assertThat(recorder.stats().processed()).isEqualTo(recorder.stats().accepted());
      assertThat(runtime.snapshot().recorders()).containsOnlyKeys("a");
    } finally {
      runtime.shutdown();
    }
  }

  @Test
  void shutdown_withAMetricStuckInterruptibly_throwsShutdownErrorReleasesTheThreadAndThenCloses() throws Exception {
    MetricsRuntime runtime = runtime("reliability.blocking.shutdown");
    RuntimeRecorder recorder = runtime.createRecorder("a");
    GatedMetric gated = new GatedMetric();
    recorder.registerMetric(gated);
    recorder.registerEvent(Hit.ONE);
    recorder.registerEvent(Hit.ONE); // pending behind the stuck one
    assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();

    long started = System.nanoTime();
    assertThatThrownBy(runtime::shutdown).isInstanceOfSatisfying(MetricsException.class, e -> {
      assertThat(e.reasonCode()).isEqualTo(MetricsException.SHUTDOWN_ERROR);
      assertThat(e.details()).containsEntry("namespace", runtime.namespace()).containsEntry("timeout", TIMEOUT);
    });
    long took = System.nanoTime() - started;
    assertThat(gated.thread.isAlive()).as("the processing thread was interrupted out of the metric").isFalse();
    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.FAILURE);
    // the event behind the stuck one was never processed: not silently, it stays counted as pending
    assertThat(recorder.stats().pending()).isPositive();
    assertThat(runtime.stats().pending()).isEqualTo(recorder.stats().pending());

    runtime.shutdown(); // releases what is left and closes
    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
    runtime.shutdown();
    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);

    long rejectedBefore = recorder.stats().rejected();
    recorder.registerEvent(Hit.ONE);
    assertThat(recorder.stats().rejected()).isEqualTo(rejectedBefore + 1);
    assertThat(runtime.snapshot().recorders()).isEmpty();
    Figures.report("blocking", "shutdown with a stuck metric threw SHUTDOWN_ERROR after %d ms "
        + "(operationTimeout %d ms); the processing thread had ended", took / 1_000_000, TIMEOUT.toMillis());
  }

  @Test
  void shutdown_withAMetricIgnoringInterrupts_reportsTheStuckThreadUntilTheMetricReturns() throws Exception {
    MetricsRuntime runtime = runtime("reliability.blocking.stubborn");
    RuntimeRecorder recorder = runtime.createRecorder("a");
    StubbornMetric stubborn = new StubbornMetric();
    recorder.registerMetric(stubborn);
    recorder.registerEvent(Hit.ONE);
    assertThat(stubborn.entered.await(30, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(runtime::shutdown).isInstanceOfSatisfying(MetricsException.class,
        e -> assertThat(e.reasonCode()).isEqualTo(MetricsException.SHUTDOWN_ERROR));
    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.FAILURE);
    assertThatThrownBy(runtime::shutdown).as("the thread is still inside the metric")
        .isInstanceOfSatisfying(MetricsException.class,
            e -> assertThat(e.reasonCode()).isEqualTo(MetricsException.SHUTDOWN_ERROR));
    assertThat(stubborn.thread.isAlive()).isTrue();

    stubborn.release.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> !stubborn.thread.isAlive());
    runtime.shutdown();
    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
  }
}
