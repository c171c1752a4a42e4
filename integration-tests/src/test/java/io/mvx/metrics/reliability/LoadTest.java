package io.mvx.metrics.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.test.LogCapture;
import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.MetricsRuntimeState;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RecorderStats;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Load: four producers emit at full speed for {@value #RUN_SECONDS} s into one runtime with
 * {@value #RECORDERS} recorders while the three adapters scrape it without pause. Nothing is lost, nothing
 * escapes, and the heap the JVM retains grows by less than {@value #HEAP_GROWTH_BOUND_MIB} MiB.
 *
 * <p>Queues hold {@value #QUEUE_CAPACITY} events per recorder under {@code DROP}: four producers on a
 * two-core machine outrun the one processing thread, so events are both accepted and dropped, and the test
 * checks that every one of them is counted exactly once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoadTest {

  static final int RECORDERS = 1_000;
  static final int PRODUCERS = 4;
  static final int RUN_SECONDS = 20;
  static final int QUEUE_CAPACITY = 64;
  /** Bound on the growth of used heap after a full GC, from before the run to after it. */
  static final int HEAP_GROWTH_BOUND_MIB = 64;
  static final String NAMESPACE = "reliability.load";

  @Test
  void fourProducersAndThreeAdapters_for20Seconds_loseNoEventAndKeepTheHeapBounded() throws Exception {
    try (LogCapture logs = LogCapture.start(); Workers workers = new Workers("load")) {
      MetricsRuntime runtime = MetricsRuntime.builder(NAMESPACE)
          .defaultQueueCapacity(QUEUE_CAPACITY)
          .defaultOverflowPolicy(OverflowPolicy.DROP)
          .build();
      runtime.start();
      RuntimeRecorder[] recorders = new RuntimeRecorder[RECORDERS];
      for (int i = 0; i < RECORDERS; i++) {
        recorders[i] = runtime.createRecorder(id(i));
        recorders[i].registerMetric(new HitCounter("hits"));
      }
      Adapters adapters = Adapters.attach(runtime, Duration.ofMillis(200));
      adapters.prometheus(); // every adapter has built its series before the baseline
      adapters.readMicrometer();
      adapters.otel();
      long heapBefore = HeapProbe.usedAfterGc();

      long started = System.nanoTime();
      long deadline = started + TimeUnit.SECONDS.toNanos(RUN_SECONDS);
      List<Future<long[]>> producers = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        int producer = p;
        producers.add(workers.submit("producer-" + p, () -> produce(recorders, producer, deadline)));
      }
      AtomicLong lastPrometheusHits = new AtomicLong();
      AtomicLong lastMicrometerProcessed = new AtomicLong();
      List<Workers.Loop> scrapers = List.of(
          workers.repeat("prometheus", () -> {
            TextExposition scrape = adapters.prometheus();
            long hits = totalHits(scrape);
            assertThat(hits).as("exported hits never go back").isGreaterThanOrEqualTo(lastPrometheusHits.get());
            lastPrometheusHits.set(hits);
          }),
          workers.repeat("micrometer", () -> {
            adapters.readMicrometer();
            long processed = (long) adapters.micrometerStat("mvx.runtime.events.processed");
            assertThat(processed).isGreaterThanOrEqualTo(lastMicrometerProcessed.get());
            lastMicrometerProcessed.set(processed);
          }),
          workers.repeat("otel", adapters::otel));

      long[] emitted = new long[RECORDERS];
      for (Future<long[]> producer : producers) {
        long[] counts = producer.get(RUN_SECONDS + 120, TimeUnit.SECONDS);
        for (int i = 0; i < RECORDERS; i++) {
          emitted[i] += counts[i];
        }
      }
      long producing = System.nanoTime() - started;
      workers.stopAndAwait(scrapers, Duration.ofSeconds(60));
      assertThat(workers.errors()).as("exceptions that escaped a producer or a scraper").isEmpty();
      assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.RUNNING);

      // quiescence: the snapshot travels behind every accepted event
      RuntimeSnapshot last = runtime.snapshot();
      long totalEmitted = 0;
      for (int i = 0; i < RECORDERS; i++) {
        RecorderStats stats = recorders[i].stats();
        totalEmitted += emitted[i];
        assertThat(stats.accepted() + stats.dropped() + stats.rejected()).as(id(i) + " counts every event once")
            .isEqualTo(emitted[i]);
        assertThat(stats.rejected()).isZero();
        assertThat(stats.processed()).as(id(i) + " processed == accepted").isEqualTo(stats.accepted());
        assertThat(hits(last.recorders().get(id(i)))).as(id(i) + " metric total").isEqualTo(stats.accepted());
      }
      RuntimeStats totals = runtime.stats();
      assertThat(totals.accepted() + totals.dropped()).isEqualTo(totalEmitted);
      assertThat(totals.processed()).isEqualTo(totals.accepted());
      assertThat(totals.pending()).isZero();
      assertThat(totals.handlerErrors()).isZero();

      checkFinalExports(adapters, recorders, totals);
      assertThat(logs.warnings()).as("nothing failed quietly").isEmpty();

      long heapAfter = HeapProbe.usedAfterGc();
      assertThat(heapAfter - heapBefore).as("retained heap growth, bytes")
          .isLessThan(HEAP_GROWTH_BOUND_MIB * HeapProbe.MIB);

      Figures.report("load", "%d recorders, %d producers for %.1f s: %,d events emitted, %,d accepted and "
              + "processed, %,d dropped (%.1f M events/s emitted, %.1f M/s processed)",
          RECORDERS, PRODUCERS, producing / 1e9, totalEmitted, totals.accepted(), totals.dropped(),
          totalEmitted / (producing / 1e3), totals.processed() / (producing / 1e3));
      Figures.report("load", "scrapes: Prometheus %,d, Micrometer %,d (every meter read), OpenTelemetry %,d",
          scrapers.get(0).iterations().get(), scrapers.get(1).iterations().get(),
          scrapers.get(2).iterations().get());
      Figures.report("load", "used heap after GC: %s before, %s after (growth bound %d MiB)",
          HeapProbe.mib(heapBefore), HeapProbe.mib(heapAfter), HEAP_GROWTH_BOUND_MIB);

      adapters.close();
      runtime.shutdown();
      assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
    }
  }

  /** Emits to every recorder in turn, starting at a different one per producer, until the deadline. */
  private static long[] produce(RuntimeRecorder[] recorders, int producer, long deadline) {
    long[] emitted = new long[recorders.length];
    Hit event = new Hit(producer);
    int next = producer * (recorders.length / PRODUCERS);
    while (System.nanoTime() - deadline < 0) {
      for (int batch = 0; batch < 1_024; batch++) {
        recorders[next].registerEvent(event);
        emitted[next]++;
        if (++next == recorders.length) {
          next = 0;
        }
      }
    }
    return emitted;
  }

  /** The last scrape of every adapter shows the exact totals. */
  private static void checkFinalExports(Adapters adapters, RuntimeRecorder[] recorders, RuntimeStats totals) {
    TextExposition scrape = adapters.prometheus();
    assertThat(adapters.prometheusStat(scrape, "mvx_runtime_events_accepted_total")).isEqualTo(totals.accepted());
    assertThat(adapters.prometheusStat(scrape, "mvx_runtime_events_dropped_total")).isEqualTo(totals.dropped());
    assertThat(adapters.prometheusStat(scrape, "mvx_runtime_events_processed_total"))
        .isEqualTo(totals.processed());
    for (RuntimeRecorder recorder : recorders) {
      assertThat(scrape.value("reliability_load_hits_count_total", Map.of("recorder", recorder.recorderId())))
          .hasValue(recorder.stats().accepted());
    }

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        adapters.micrometerStat("mvx.runtime.events.processed")).isEqualTo(totals.processed()));
    for (RuntimeRecorder recorder : recorders) {
      assertThat(adapters.micrometerValue("reliability.load.hits.count", Map.of("recorder", recorder.recorderId())))
          .hasValue(recorder.stats().accepted());
    }

    Collection<MetricData> collection = adapters.otel();
    assertThat(adapters.otelStat(collection, "mvx.runtime.events.accepted")).isEqualTo(totals.accepted());
    assertThat(adapters.otelStat(collection, "mvx.runtime.events.dropped")).isEqualTo(totals.dropped());
    for (RuntimeRecorder recorder : recorders) {
      assertThat(Adapters.otelValue(collection, "hits.count",
          Attributes.of(Adapters.RECORDER, recorder.recorderId()))).hasValue(recorder.stats().accepted());
    }
  }

  private static long totalHits(TextExposition scrape) {
    double sum = 0;
    for (TextExposition.Sample sample : scrape.samples()) {
      if (sample.name().equals("reliability_load_hits_count_total")) {
        sum += sample.value();
      }
    }
    return (long) sum;
  }

  private static long hits(Map<String, MetricSnapshot> metrics) {
    return (long) metrics.get("hits").value("count").orElseThrow();
  }

  private static String id(int index) {
    return String.format("conn-%04d", index);
  }
}
