package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.TestMetrics.CountingMetric;
import io.mvx.metrics.TestMetrics.Tick;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricsRuntimeLifecycleTest {

  @Test
  void start_fromVirgin_isRunningOnANamedDaemonThread() {
    MetricsRuntime runtime = new MetricsRuntime("  lifecycle.metrics ");
    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.VIRGIN);
    assertThat(runtime.namespace()).isEqualTo("lifecycle.metrics");

    runtime.start();
    try {
      assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.RUNNING);
      Thread thread = processingThread("lifecycle.metrics.metrics_runtime");
      assertThat(thread.isDaemon()).isTrue();
    } finally {
      runtime.shutdown();
    }
  }

  @Test
  void start_whenRunning_isANoOp() {
    try (MetricsRuntime runtime = TestMetrics.started("noop.start")) {
      runtime.start();
      assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.RUNNING);
    }
  }

  @Test
  void start_afterShutdown_isInvalidRuntimeState() {
    MetricsRuntime runtime = TestMetrics.started("no.restart");
    runtime.shutdown();

    assertThatThrownBy(runtime::start)
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.reasonCode()).isEqualTo(MetricsException.INVALID_RUNTIME_STATE);
          assertThat(e.details()).containsEntry("runtimeState", MetricsRuntimeState.CLOSED);
        });
  }

  @Test
  void shutdown_beforeStart_closesForever() {
    MetricsRuntime runtime = new MetricsRuntime("closed.early");
    runtime.shutdown();
    runtime.shutdown();

    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
    assertThatThrownBy(runtime::start).isInstanceOf(MetricsException.class);
  }

  @Test
  void shutdown_releasesTheThreadAndEmptiesTheRegistry() {
    MetricsRuntime runtime = TestMetrics.started("release.thread");
    RuntimeRecorder recorder = runtime.createRecorder("a");
    Thread thread = processingThread("release.thread.metrics_runtime");

    runtime.shutdown();

    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
    assertThat(thread.isAlive()).isFalse();
    assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.STOPPED);
    assertThat(runtime.stats().recorders()).isZero();
    assertThat(runtime.snapshot().recorders()).isEmpty();
  }

  @Test
  void shutdown_concurrentCallers_allReturnOnceClosed() throws Exception {
    MetricsRuntime runtime = TestMetrics.started("concurrent.shutdown");
    RuntimeRecorder recorder = runtime.createRecorder("a");
    recorder.registerMetric(new CountingMetric("ticks"));
    for (int i = 0; i < 10_000; i++) {
      recorder.registerEvent(new Tick(1));
    }
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<MetricsRuntimeState>> callers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      callers.add(CompletableFuture.supplyAsync(() -> {
        awaitQuietly(go);
        runtime.shutdown();
        return runtime.getStatus();
      }));
    }
    go.countDown();

    for (CompletableFuture<MetricsRuntimeState> caller : callers) {
      assertThat(caller.get()).isEqualTo(MetricsRuntimeState.CLOSED);
    }
    assertThat(recorder.stats().processed()).isEqualTo(10_000);
    assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(10_000);
  }

  @Test
  void close_isShutdown() {
    MetricsRuntime runtime = TestMetrics.started("close.alias");
    runtime.close();
    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
  }

  static Stream<Arguments> registryCalls() {
    return Stream.of(
        Arguments.of("createRecorder", (Consumer<MetricsRuntime>) r -> r.createRecorder("x")),
        Arguments.of("getRecorder", (Consumer<MetricsRuntime>) r -> r.getRecorder("x")),
        Arguments.of("stopRecorder", (Consumer<MetricsRuntime>) r -> r.stopRecorder("x")),
        Arguments.of("stopAndRemoveRecorder",
            (Consumer<MetricsRuntime>) r -> r.stopAndRemoveRecorder("x")),
        Arguments.of("listRecorderIds", (Consumer<MetricsRuntime>) MetricsRuntime::listRecorderIds));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registryCalls")
  void registryCall_beforeStart_isInvalidRuntimeState(String name, Consumer<MetricsRuntime> call) {
    MetricsRuntime runtime = new MetricsRuntime("virgin.registry");
    assertThatThrownBy(() -> call.accept(runtime))
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.reasonCode()).isEqualTo(MetricsException.INVALID_RUNTIME_STATE);
          assertThat(e.details()).containsEntry("operation", name);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registryCalls")
  void registryCall_afterShutdown_isInvalidRuntimeState(String name, Consumer<MetricsRuntime> call) {
    MetricsRuntime runtime = TestMetrics.started("closed.registry");
    runtime.shutdown();
    assertThatThrownBy(() -> call.accept(runtime))
        .isInstanceOfSatisfying(MetricsException.class,
            e -> assertThat(e.reasonCode()).isEqualTo(MetricsException.INVALID_RUNTIME_STATE));
  }

  @Test
  void registryCall_validatesArgumentsBeforeState() {
    MetricsRuntime runtime = new MetricsRuntime("validate.first");
    assertThatThrownBy(() -> runtime.createRecorder(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recorderId");
    assertThatThrownBy(() -> runtime.getRecorder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("recorderId");
  }

  @Test
  void snapshot_neverThrowsForState() {
    MetricsRuntime runtime = new MetricsRuntime("snapshot.state");
    assertThat(runtime.snapshot().recorders()).isEmpty();
    runtime.start();
    runtime.createRecorder("a");
    assertThat(runtime.snapshot().recorders()).containsOnlyKeys("a");
    runtime.shutdown();
    assertThat(runtime.snapshot().recorders()).isEmpty();
    assertThat(runtime.snapshot().namespace()).isEqualTo("snapshot.state");
  }

  @Test
  void idleRuntime_parksItsThread() {
    try (MetricsRuntime runtime = TestMetrics.started("idle.parks")) {
      RuntimeRecorder recorder = runtime.createRecorder("a");
      recorder.registerEvent(new Tick(1));
      Thread thread = processingThread("idle.parks.metrics_runtime");
      await().until(() -> isParked(thread));
      recorder.registerEvent(new Tick(1));
      assertThat(recorder.getMetricSnapshots()).isEmpty();
      assertThat(recorder.stats().processed()).isEqualTo(2);
      await().until(() -> isParked(thread));
    }
  }

  @Test
  void findRecorder_isLenientAboutState() {
    MetricsRuntime runtime = new MetricsRuntime("find.lenient");
    assertThat(runtime.findRecorder("a")).isEmpty();
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("a");
    assertThat(runtime.findRecorder(" a ")).containsSame(recorder);
    runtime.shutdown();
    assertThat(runtime.findRecorder("a")).isEmpty();
    assertThatCode(runtime::shutdown).doesNotThrowAnyException();
  }

  /** Parked, with or without a timeout: an idle processing thread wakes now and then for the lanes. */
  static boolean isParked(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }

  static Thread processingThread(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no thread named " + name));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
