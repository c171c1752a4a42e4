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
import java.util.concurrent.TimeUnit;
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
    assertThat(handoff.cachedLanes()).as("lanes of ended threads left in the by-thread cache").isZero();

    engine.requestShutdown();
    ended.await();
  }

  /**
   * Two living threads whose ids fall on one slot of the by-thread lane cache: the first holds the slot, the
   * second finds its lane through the thread-local; neither is handed the other's lane.
   */
  @Test
  void threadsWhoseIdsShareACacheSlot_eachGetTheirOwnLane() throws Exception {
    Handoff handoff = new Handoff(1 << 16);
    CountDownLatch release = new CountDownLatch(1);
    Lane[][] seen = new Lane[2][2];
    CountDownLatch firstAsked = new CountDownLatch(1);
    CountDownLatch secondAsked = new CountDownLatch(1);
    Thread first = asking(handoff, seen[0], firstAsked, release);
    Thread second;
    do { // threads not started are dropped: only their ids were wanted
      second = asking(handoff, seen[1], secondAsked, release);
    } while (((second.getId() - first.getId()) & (Handoff.THREAD_SLOTS - 1)) != 0);

    try {
      first.start();
      assertThat(firstAsked.await(30, TimeUnit.SECONDS)).isTrue(); // the first holds the slot
      second.start();
      assertThat(secondAsked.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      release.countDown();
    }
    first.join();
    second.join();

    assertThat(seen[0][0].owner).isSameAs(first);
    assertThat(seen[0][1]).isSameAs(seen[0][0]);
    assertThat(seen[1][0].owner).isSameAs(second);
    assertThat(seen[1][1]).isSameAs(seen[1][0]);
    assertThat(handoff.dedicatedLanes()).isEqualTo(2);
  }

  /** A thread that asks for its lane twice, then stays alive until {@code release}, so it keeps its slot. */
  private static Thread asking(Handoff handoff, Lane[] seen, CountDownLatch asked, CountDownLatch release) {
    return new Thread(() -> {
      seen[0] = handoff.lane();
      seen[1] = handoff.lane();
      asked.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
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
