package io.mvx.metrics.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.MetricsRuntimeState;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.prometheus.metrics.MvxMultiCollector;
import io.mvx.metrics.test.PrometheusMetricsText;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * API.md §7.1 through all four adapters (Prometheus simpleclient and client_java 1.x, Micrometer,
 * OpenTelemetry): a metric that blocks the processing thread does not hold up lifecycle calls; scrapes keep
 * their deadline and serve every recorder's last good values with their age, never statistics alone; a
 * metric that hangs past {@code handlerTimeout} fails only its own recorder, the others carry on on a new
 * processing thread and every adapter serves them fresh; shutdown returns within its bound.
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

  private static MetricsRuntime runtime(String namespace, Duration handlerTimeout) {
    MetricsRuntime runtime = MetricsRuntime.builder(namespace).operationTimeout(TIMEOUT)
        .handlerTimeout(handlerTimeout).build();
    runtime.start();
    return runtime;
  }

  private static PrometheusRegistry clientJava(MetricsRuntime runtime) {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new MvxMultiCollector(runtime));
    return registry;
  }

  private static Map<String, String> recorder(String id) {
    return Map.of("recorder", id);
  }

  @Test
  void blockedMetric_lifecycleCallsReturn_andEveryAdapterServesTheLastGoodValuesWithTheirAge() throws Exception {
    MetricsRuntime runtime = runtime("reliability.blocking.held", Duration.ofMinutes(10)); // blocked, not hung
    PrometheusRegistry clientJava = clientJava(runtime);
    try (Adapters adapters = Adapters.attach(runtime, Duration.ofMillis(100))) {
      RuntimeRecorder healthy = runtime.createRecorder("healthy");
      healthy.registerMetric(new HitCounter("hits"));
      healthy.registerEvent(Hit.ONE);
      RuntimeRecorder recorder = runtime.createRecorder("a");
      GatedMetric gated = new GatedMetric();
      recorder.registerMetric(gated);
      assertThat(runtime.snapshot().recorders().get("healthy").get("hits").value("count")).hasValue(1);
      recorder.registerEvent(Hit.ONE);
      assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();

      // lifecycle calls return at once and the registry reflects them in the caller
      RuntimeRecorder late = runtime.createRecorder("late");
      late.registerMetric(new HitCounter("late"));
      runtime.stopRecorder("healthy");
      runtime.stopAndRemoveRecorder("late");
      assertThat(runtime.listRecorderIds()).containsExactly("healthy", "a");
      assertThat(healthy.getStatus()).isEqualTo(MetricsRecorderState.STOPPING);

      // every adapter answers within its deadline: the last good values, and how old they are
      TextExposition simpleclient = adapters.prometheus();
      assertThat(simpleclient.value("reliability_blocking_held_hits_count_total", recorder("healthy"))).hasValue(1);
      assertThat(adapters.prometheusStat(simpleclient, "mvx_runtime_snapshot_age_seconds")).isPositive();
      TextExposition client1x = TextExposition.parse(PrometheusMetricsText.write004(clientJava));
      assertThat(client1x.value("reliability_blocking_held_hits_count_total", recorder("healthy"))).hasValue(1);
      assertThat(client1x.value("mvx_runtime_snapshot_age_seconds", Map.of("namespace", runtime.namespace()))
          .orElseThrow()).isPositive();
      assertThat(adapters.micrometerValue("reliability.blocking.held.hits.count", recorder("healthy"))).hasValue(1);
      assertThat(adapters.micrometerStat("mvx.runtime.snapshot.age")).isPositive();
      Collection<MetricData> otel = adapters.otel();
      assertThat(Adapters.otelValue(otel, "hits.count", Attributes.of(Adapters.RECORDER, "healthy"))).hasValue(1);
      assertThat(adapters.otelStat(otel, "mvx.runtime.snapshot.age")).isPositive();

      gated.open();
      assertThat(recorder.getMetricSnapshots().get("gated").value("count")).hasValue(1);
      assertThat(healthy.stop()).succeedsWithin(Duration.ofMinutes(1));
      assertThat(runtime.snapshot().recorders()).containsOnlyKeys("healthy", "a");
      assertThat(runtime.snapshot().age()).isZero();
    } finally {
      runtime.shutdown();
    }
  }

  @Test
  void hungMetric_failsOnlyItsRecorder_andEveryAdapterServesTheOthersFresh_thenShutdownReturns() throws Exception {
    MetricsRuntime runtime = runtime("reliability.blocking.hung", Duration.ofMillis(200));
    PrometheusRegistry clientJava = clientJava(runtime);
    StubbornMetric stubborn = new StubbornMetric();
    try (Adapters adapters = Adapters.attach(runtime, Duration.ofMillis(100))) {
      RuntimeRecorder stuck = runtime.createRecorder("stuck");
      stuck.registerMetric(stubborn);
      RuntimeRecorder healthy = runtime.createRecorder("healthy");
      healthy.registerMetric(new HitCounter("hits"));
      stuck.registerEvent(Hit.ONE); // hangs, ignoring interrupts
      assertThat(stubborn.entered.await(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 1_000; i++) {
        healthy.registerEvent(Hit.ONE);
      }
      await().atMost(Duration.ofMinutes(1)).until(() -> runtime.stats().handlersHung() == 1);

      TextExposition simpleclient = adapters.prometheus();
      assertThat(simpleclient.value("reliability_blocking_hung_hits_count_total", recorder("healthy")))
          .hasValue(1_000);
      assertThat(adapters.prometheusStat(simpleclient, "mvx_runtime_handlers_hung_total")).isEqualTo(1);
      assertThat(adapters.prometheusStat(simpleclient, "mvx_runtime_snapshot_age_seconds")).isZero();
      TextExposition client1x = TextExposition.parse(PrometheusMetricsText.write004(clientJava));
      assertThat(client1x.value("reliability_blocking_hung_hits_count_total", recorder("healthy")))
          .hasValue(1_000);
      assertThat(adapters.micrometerValue("reliability.blocking.hung.hits.count", recorder("healthy")))
          .hasValue(1_000);
      assertThat(Adapters.otelValue(adapters.otel(), "hits.count", Attributes.of(Adapters.RECORDER, "healthy")))
          .hasValue(1_000);
      assertThat(stuck.getStatus()).isEqualTo(MetricsRecorderState.FAILURE);
      stuck.registerEvent(Hit.ONE);
      assertThat(stuck.stats().rejected()).isEqualTo(1);
      assertThat(healthy.stats().dropped()).isZero();
    } finally {
      long started = System.nanoTime();
      runtime.shutdown(); // returns: the other recorders drain on the new processing thread
      Figures.report("blocking", "shutdown with a hung metric returned after %d ms (operationTimeout %d ms,"
          + " handlerTimeout 200 ms)", (System.nanoTime() - started) / 1_000_000, TIMEOUT.toMillis());
      assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
      stubborn.release.countDown();
      await().atMost(Duration.ofMinutes(1)).until(() -> !stubborn.thread.isAlive()); // it unwinds and ends
    }
  }

  @Test
  void shutdown_whileAMetricHangs_returnsWithinOperationTimeoutPlusHandlerTimeout_havingDrainedTheOthers()
      throws Exception {
    MetricsRuntime runtime = runtime("reliability.blocking.shutdown", Duration.ofMillis(200));
    RuntimeRecorder recorder = runtime.createRecorder("a");
    GatedMetric gated = new GatedMetric();
    recorder.registerMetric(gated);
    RuntimeRecorder other = runtime.createRecorder("other");
    other.registerMetric(new HitCounter("hits"));
    recorder.registerEvent(Hit.ONE);
    recorder.registerEvent(Hit.ONE); // behind the stuck one: rejected once the recorder fails
    assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 500; i++) {
      other.registerEvent(Hit.ONE);
    }

    runtime.shutdown();

    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
    assertThat(other.getMetricSnapshots().get("hits").value("count")).hasValue(500);
    assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.FAILURE);
    assertThat(recorder.stats().accepted()).isEqualTo(recorder.stats().processed());
    assertThat(runtime.stats().pending()).isZero();
    long rejectedBefore = recorder.stats().rejected();
    recorder.registerEvent(Hit.ONE);
    assertThat(recorder.stats().rejected()).isEqualTo(rejectedBefore + 1);
    gated.open();
  }
}
