package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.TestMetrics.BlockingMetric;
import io.mvx.metrics.TestMetrics.CountingMetric;
import io.mvx.metrics.TestMetrics.Tick;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The hand-off allocates nothing per event beyond the event the caller passed. */
class HotPathAllocationTest {

  private static final int EVENTS = 50_000;

  @Test
  void registerEvent_withAReusedEvent_allocatesNothingOnTheProducerThread() throws InterruptedException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (MetricsRuntime runtime = MetricsRuntime.builder("allocation.free")
        .logPolicy(LogPolicy.SILENT)
        .defaultQueueCapacity(1 << 20)
        .eventBufferCapacity(1 << 20)
        .build()) {
      runtime.start();
      RuntimeRecorder recorder = runtime.createRecorder("a");
      recorder.registerMetric(new CountingMetric("ticks"));
      Tick event = new Tick(1);
      // storage for pending events is taken on demand: let one whole round pile up behind a blocked
      // processing thread first, so the chunks it needs exist and are reused from then on
      RuntimeRecorder blocked = runtime.createRecorder("blocked");
      BlockingMetric blocker = new BlockingMetric();
      blocked.registerMetric(blocker);
      blocked.registerEvent(event);
      blocker.entered.await();
      emit(recorder, event);
      blocker.release.countDown();
      for (int warmUp = 0; warmUp < 4; warmUp++) {
        emit(recorder, event);
        recorder.getMetricSnapshots(); // lets the consumer catch up
      }
      long self = Thread.currentThread().getId();

      long before = threads.getThreadAllocatedBytes(self);
      emit(recorder, event);
      long allocated = threads.getThreadAllocatedBytes(self) - before;

      // one allocation per event would be >= 16 bytes each; a stray one-off (JIT, class loading in a
      // shared test JVM) is far below one byte per event
      assertThat(allocated).as("bytes allocated by %d registerEvent calls", EVENTS).isLessThan(EVENTS);
      assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(6 * EVENTS);
      assertThat(recorder.stats().dropped()).isZero();
    }
  }

  private static void emit(RuntimeRecorder recorder, Tick event) {
    for (int i = 0; i < EVENTS; i++) {
      recorder.registerEvent(event);
    }
  }
}
