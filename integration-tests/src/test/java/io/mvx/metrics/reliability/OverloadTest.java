package io.mvx.metrics.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RecorderOptions;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.RecorderStats;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Overload: a slow metric ({@link GatedMetric}, which processes one event per permit the test hands out)
 * makes a recorder's queue overflow while four producers emit at full speed.
 *
 * <p>The gate stays shut until the first overflow, so overflow is certain; then a trickle thread keeps a
 * few permits available, so events are accepted and dropped side by side. Producers stop once
 * {@value #TARGET_ACCEPTED} events have been accepted.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OverloadTest {

  static final int PRODUCERS = 4;
  static final int TARGET_ACCEPTED = 20_000;
  static final int CAPACITY = 100;

  private final Workers workers = new Workers("overload");
  private MetricsRuntime runtime;
  private Adapters adapters;
  private GatedMetric gated;

  @AfterEach
  void tearDown() {
    if (gated != null) {
      gated.open();
    }
    workers.close();
    if (adapters != null) {
      adapters.close();
    }
    runtime.shutdown();
  }

  private RuntimeRecorder slowRecorder(String namespace, OverflowPolicy policy) throws InterruptedException {
    runtime = MetricsRuntime.builder(namespace).operationTimeout(Duration.ofSeconds(1))
        .handlerTimeout(Duration.ofMinutes(10)).build(); // a slow metric here, never a hung one
    runtime.start();
    adapters = Adapters.attach(runtime, Duration.ofMillis(100));
    RuntimeRecorder recorder = runtime.createRecorder("slow",
        RecorderOptions.builder().queueCapacity(CAPACITY).overflowPolicy(policy).build());
    gated = new GatedMetric();
    recorder.registerMetric(gated);
    recorder.registerMetric(new HitCounter("hits"));
    recorder.registerEvent(Hit.ONE); // the processing thread now waits in the gate
    assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();
    return recorder;
  }

  /** Hands out permits a few at a time once {@code overflowed} is set, until {@code done}. */
  private Future<Void> trickle(AtomicBoolean overflowed, AtomicBoolean done) {
    return workers.submit("trickle", () -> {
      while (!done.get()) {
        if (overflowed.get() && gated.gate.availablePermits() == 0) {
          gated.gate.release(16);
        }
        Thread.yield();
      }
      return null;
    });
  }

  @Test
  void drop_slowMetric_countsEveryEventOnceAndShowsTheDropsInEveryAdapter() throws Exception {
    RuntimeRecorder recorder = slowRecorder("reliability.overload.drop", OverflowPolicy.DROP);
    AtomicBoolean overflowed = new AtomicBoolean();
    AtomicBoolean done = new AtomicBoolean();
    Future<Void> trickle = trickle(overflowed, done);
    List<Future<Long>> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      producers.add(workers.submit("producer-" + p, () -> {
        long emitted = 0;
        while (recorder.stats().accepted() < TARGET_ACCEPTED) {
          for (int i = 0; i < 256; i++) {
            recorder.registerEvent(Hit.ONE);
          }
          emitted += 256;
          Thread.yield(); // bursts at full speed; the yield lets the trickle and the processing thread run
          if (!overflowed.get() && recorder.stats().dropped() > 0) {
            overflowed.set(true);
          }
        }
        return emitted;
      }));
    }
    long emitted = 1; // the event waiting in the gate
    for (Future<Long> producer : producers) {
      emitted += producer.get(2, TimeUnit.MINUTES);
    }
    done.set(true);
    trickle.get(1, TimeUnit.MINUTES);
    // shut the gate: the processing thread waits in it again, on a pending event or on this one
    gated.gate.drainPermits();
    recorder.registerEvent(Hit.ONE);
    emitted++;
    await().atMost(Duration.ofSeconds(30)).until(gated.gate::hasQueuedThreads);
    RecorderStats whileStuck = recorder.stats();
    assertThat(whileStuck.dropped()).isPositive();
    assertThat(whileStuck.accepted()).isGreaterThanOrEqualTo(TARGET_ACCEPTED);
    assertThat(whileStuck.accepted() + whileStuck.dropped()).isEqualTo(emitted);

    // the metric is still stuck: snapshots are late, every adapter serves the last good cut with its age and
    // shows the drops from the statistics
    TextExposition stuckScrape = adapters.prometheus();
    assertThat(adapters.prometheusStat(stuckScrape, "mvx_runtime_events_dropped_total"))
        .isEqualTo(whileStuck.dropped());
    assertThat(stuckScrape.value("mvx_runtime_collector_skipped_total",
        Map.of("namespace", runtime.namespace(), "reason", "snapshot_failed"))).hasValue(0);
    assertThat(adapters.prometheusStat(stuckScrape, "mvx_runtime_snapshot_age_seconds")).isPositive();
    assertThat(adapters.micrometerStat("mvx.runtime.events.dropped")).isEqualTo(whileStuck.dropped());
    assertThat(adapters.otelStat(adapters.otel(), "mvx.runtime.events.dropped")).isEqualTo(whileStuck.dropped());

    gated.open();
    recorder.getMetricSnapshots(); // quiescence
    RecorderStats stats = recorder.stats();
    assertThat(stats).isEqualTo(new RecorderStats(whileStuck.accepted(), whileStuck.dropped(), 0,
        whileStuck.accepted(), 0, 0));
    assertThat(recorder.getMetricSnapshots().get("hits").value("count")).hasValue(stats.accepted());
    assertThat(recorder.getMetricSnapshots().get("gated").value("count")).hasValue(stats.accepted());
    checkSelfMetrics(stats);
    Figures.report("overload-drop", "%,d emitted into a queue of %d: %,d accepted and processed, %,d dropped",
        emitted, CAPACITY, stats.accepted(), stats.dropped());
  }

  @Test
  void raiseError_slowMetric_producersGetQueueOverflowAndNothingAcceptedIsLost() throws Exception {
    RuntimeRecorder recorder = slowRecorder("reliability.overload.raise", OverflowPolicy.RAISE_ERROR);
    AtomicBoolean overflowed = new AtomicBoolean();
    AtomicBoolean done = new AtomicBoolean();
    trickle(overflowed, done);
    List<Future<long[]>> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      producers.add(workers.submit("producer-" + p, () -> {
        long returned = 0;
        long overflows = 0;
        while (recorder.stats().accepted() < TARGET_ACCEPTED) {
          try {
            recorder.registerEvent(Hit.ONE);
            returned++;
          } catch (MetricsException e) {
            assertThat(e.reasonCode()).isEqualTo(MetricsException.QUEUE_OVERFLOW);
            assertThat(e.details()).containsEntry("recorderId", "slow").containsEntry("queueCapacity", CAPACITY);
            overflows++;
            overflowed.set(true);
          }
          if ((returned + overflows) % 256 == 0) {
            Thread.yield();
          }
        }
        return new long[] {returned, overflows};
      }));
    }
    long returned = 1; // the event waiting in the gate
    long overflows = 0;
    for (Future<long[]> producer : producers) {
      long[] counts = producer.get(2, TimeUnit.MINUTES);
      returned += counts[0];
      overflows += counts[1];
    }
    done.set(true);
    gated.open();
    recorder.getMetricSnapshots(); // quiescence

    RecorderStats stats = recorder.stats();
    assertThat(overflows).isPositive();
    assertThat(stats.accepted()).as("calls that returned normally").isEqualTo(returned);
    assertThat(stats.dropped()).as("calls that threw QUEUE_OVERFLOW").isEqualTo(overflows);
    assertThat(stats.accepted()).isGreaterThanOrEqualTo(TARGET_ACCEPTED);
    assertThat(stats.processed()).isEqualTo(stats.accepted());
    assertThat(recorder.getMetricSnapshots().get("hits").value("count")).hasValue(stats.accepted());
    checkSelfMetrics(stats);
    Figures.report("overload-raise", "%,d emitted into a queue of %d: %,d accepted and processed, %,d "
        + "QUEUE_OVERFLOW", returned + overflows, CAPACITY, stats.accepted(), overflows);
  }

  /** Each adapter's self-metrics show the recorder's final accounting. */
  private void checkSelfMetrics(RecorderStats stats) {
    TextExposition scrape = adapters.prometheus();
    assertThat(adapters.prometheusStat(scrape, "mvx_runtime_events_dropped_total")).isEqualTo(stats.dropped());
    assertThat(adapters.prometheusStat(scrape, "mvx_runtime_events_accepted_total")).isEqualTo(stats.accepted());
    assertThat(adapters.prometheusStat(scrape, "mvx_runtime_events_processed_total")).isEqualTo(stats.processed());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(adapters.micrometerStat("mvx.runtime.events.dropped")).isEqualTo(stats.dropped());
      assertThat(adapters.micrometerStat("mvx.runtime.events.processed")).isEqualTo(stats.processed());
    });
    Collection<MetricData> collection = adapters.otel();
    assertThat(adapters.otelStat(collection, "mvx.runtime.events.dropped")).isEqualTo(stats.dropped());
    assertThat(adapters.otelStat(collection, "mvx.runtime.events.processed")).isEqualTo(stats.processed());
  }
}
