package io.mvx.metrics.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Many short-lived producer threads do not mean growing memory: the lanes of ended threads are given back. */
class ShortLivedProducersTest {

  @Test
  void tenThousandShortLivedThreads_leaveNoLaneBehind() throws Exception {
    Engine engine = new Engine("short.lived", LogPolicy.SILENT, 1 << 20, Duration.ofSeconds(5), Duration.ofSeconds(2), 10, 1024,
        System::nanoTime);
    CountDownLatch ended = new CountDownLatch(1);
    engine.start(clean -> ended.countDown());
    RuntimeRecorder recorder = engine.create("r", 10_000, OverflowPolicy.DROP, null, null, null);
    Count count = new Count();
    recorder.registerMetric(count);

    int threads = 10_000;
    int perThread = 20;
    for (int batch = 0; batch < threads / 100; batch++) {
      Thread[] running = new Thread[100];
      for (int i = 0; i < running.length; i++) {
        running[i] = new Thread(() -> {
          Tick tick = new Tick();
          for (int e = 0; e < perThread; e++) {
            recorder.registerEvent(tick);
          }
        });
        running[i].start();
      }
      for (Thread thread : running) {
        thread.join();
      }
    }

    assertThat(recorder.getMetricSnapshots().get("count").value("events")).hasValue(threads * perThread);
    assertThat(recorder.stats().dropped()).isZero();
    Handoff handoff = ((DefaultRecorder) recorder).settings.handoff;
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(handoff.dedicatedLanes()).isZero();
      assertThat(handoff.pool().retained()).isLessThanOrEqualTo(ChunkPool.RETAINED);
    });
    assertThat(handoff.pendingEstimate()).isZero();

    engine.requestShutdown();
    ended.await();
  }

  private record Tick() implements MetricEvent {
    @Override
    public String eventType() {
      return "tick";
    }
  }

  private static final class Count implements Metric {
    private long events;

    @Override
    public String metricName() {
      return "count";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      events++;
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder("count").counter("events", events).build();
    }
  }
}
