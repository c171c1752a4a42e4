package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.TestMetrics.BlockingMetric;
import io.mvx.metrics.TestMetrics.CountingMetric;
import io.mvx.metrics.TestMetrics.Tick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Idle recorders expire on an injected clock; the recorder limit refuses creation clearly. */
class IdleExpiryTest {

  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  private final AtomicLong clock = new AtomicLong(1_000);
  private MetricsRuntime runtime;

  @AfterEach
  void shutdown() {
    if (runtime != null) {
      runtime.shutdown();
    }
  }

  @Test
  void recorderWithoutEvents_expiresAfterItsTimeout_andListenersHearOfIt() {
    runtime = runtime(MetricsRuntime.builder("expiry.basic"));
    List<String> removed = new ArrayList<>();
    runtime.addRegistryListener(new RegistryListener() {
      @Override
      public void recorderRemoved(RuntimeRecorder recorder) {
        removed.add(recorder.recorderId());
      }
    });
    RuntimeRecorder idle = runtime.createRecorder("idle",
        RecorderOptions.builder().idleTimeout(Duration.ofMinutes(1)).build());
    runtime.createRecorder("forever");

    clock.addAndGet(MINUTE - 1);
    assertThat(runtime.snapshot().recorders()).containsOnlyKeys("idle", "forever");

    clock.addAndGet(1);
    assertThat(runtime.snapshot().recorders()).containsOnlyKeys("forever");
    assertThat(removed).containsExactly("idle");
    assertThat(idle.getStatus()).isEqualTo(MetricsRecorderState.STOPPED);
    assertThat(runtime.findRecorder("idle")).isEmpty();
    assertThat(runtime.stats().recordersExpired()).isEqualTo(1);
  }

  @Test
  void eachEvent_pushesExpiryBack() {
    runtime = runtime(MetricsRuntime.builder("expiry.active").defaultIdleTimeout(Duration.ofMinutes(1)));
    RuntimeRecorder active = runtime.createRecorder("active");
    active.registerMetric(new CountingMetric("ticks"));

    for (int i = 0; i < 5; i++) {
      clock.addAndGet(MINUTE / 2);
      active.registerEvent(new Tick(1));
      assertThat(runtime.snapshot().recorders()).containsKey("active");
    }
    clock.addAndGet(MINUTE);
    assertThat(runtime.snapshot().recorders()).isEmpty();
    assertThat(TestMetrics.value(active, "ticks", "count")).isEqualTo(5);
  }

  @Test
  void anAcceptedEvent_isProcessedBeforeExpiryIsDecided() throws InterruptedException {
    runtime = runtime(MetricsRuntime.builder("expiry.pending").defaultIdleTimeout(Duration.ofMinutes(1)));
    RuntimeRecorder recorder = runtime.createRecorder("late");
    recorder.registerMetric(new CountingMetric("ticks"));
    // the processing thread is held inside a pass while the clock moves and the event is emitted: a pass
    // in between would rightly expire the recorder before the event exists (CI's Java 25 leg saw one)
    RuntimeRecorder gate = runtime.createRecorder("gate",
        RecorderOptions.builder().idleTimeout(Duration.ofDays(365)).build());
    BlockingMetric blocking = new BlockingMetric();
    gate.registerMetric(blocking);
    gate.registerEvent(new Tick(1));
    assertThat(blocking.entered.await(1, TimeUnit.MINUTES)).isTrue();

    clock.addAndGet(2 * MINUTE); // idle for twice its timeout, but not yet checked
    recorder.registerEvent(new Tick(1)); // accepted; it may wait in a chunk that is not full
    blocking.release.countDown();
    assertThat(runtime.snapshot().recorders()).containsKey("late");
    assertThat(recorder.stats().processed()).isEqualTo(1);
    assertThat(runtime.stats().recordersExpired()).isZero();
  }

  @Test
  void stoppedRecorder_doesNotExpire_andExpiresAgainOnceRestarted() {
    runtime = runtime(MetricsRuntime.builder("expiry.restart").defaultIdleTimeout(Duration.ofMinutes(1)));
    RuntimeRecorder recorder = runtime.createRecorder("paused");
    runtime.stopRecorder("paused");
    clock.addAndGet(2 * MINUTE);
    assertThat(runtime.snapshot().recorders()).containsKey("paused");

    recorder.start().join();
    clock.addAndGet(MINUTE);
    assertThat(runtime.snapshot().recorders()).isEmpty();
  }

  @Test
  void idleTimeout_mustBePositive() {
    assertThatThrownBy(() -> RecorderOptions.builder().idleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("PT0S: idleTimeout must be positive");
    assertThatThrownBy(() -> MetricsRuntime.builder("x").defaultIdleTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("PT-1S: defaultIdleTimeout");
    assertThatThrownBy(() -> MetricsRuntime.builder("x").maxRecorders(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("0: maxRecorders must be >= 1");
  }

  @Test
  void createRecorder_beyondMaxRecorders_failsNamingTheLimit_andIsCounted() {
    runtime = runtime(MetricsRuntime.builder("limit.basic").maxRecorders(2));
    runtime.createRecorder("a");
    runtime.createRecorder("b");

    assertThatThrownBy(() -> runtime.createRecorder("c"))
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.reasonCode()).isEqualTo(MetricsException.RECORDER_LIMIT_EXCEEDED);
          assertThat(e.getMessage()).contains("maxRecorders 2");
          assertThat(e.details()).containsEntry("maxRecorders", 2).containsEntry("recorderId", "c");
        });
    assertThat(runtime.stats().recordersRefused()).isEqualTo(1);
    assertThat(runtime.listRecorderIds()).containsExactly("a", "b");

    runtime.stopAndRemoveRecorder("a");
    runtime.createRecorder("c");
    assertThat(runtime.listRecorderIds()).containsExactly("b", "c");
  }

  @Test
  void maxRecorders_defaultsToOneHundredThousand() {
    assertThat(MetricsRuntime.Builder.DEFAULT_MAX_RECORDERS).isEqualTo(100_000);
  }

  private MetricsRuntime runtime(MetricsRuntime.Builder builder) {
    MetricsRuntime started = builder.logPolicy(LogPolicy.SILENT).ticker(clock::get).build();
    started.start();
    return started;
  }
}
