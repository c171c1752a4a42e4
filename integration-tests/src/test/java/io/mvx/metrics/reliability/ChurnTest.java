package io.mvx.metrics.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.test.LogCapture;
import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.RecorderStats;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Churn: {@value #CHURNERS} threads run {@value #LIFECYCLES} connection lifecycles (create a recorder,
 * register its metric, emit, stop and remove it) while the three adapters scrape without pause. The
 * registry returns to its {@value #STEADY} steady recorders, the series of removed recorders vanish from
 * every adapter, no scrape fails, and the retained heap returns to within {@value #HEAP_TOLERANCE_MIB} MiB
 * of its baseline: about 350 bytes per lifecycle, far below what one leaked recorder with its metric,
 * snapshot, meters and OpenTelemetry series costs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChurnTest {

  static final int LIFECYCLES = 12_000;
  static final int CHURNERS = 3;
  static final int STEADY = 20;
  static final int WARM_UP_LIFECYCLES = 300;
  static final int HEAP_TOLERANCE_MIB = 4;
  static final String NAMESPACE = "reliability.churn";

  @Test
  void tenThousandLifecycles_whileScraping_leaveNoRecorderSeriesOrHeapBehind() throws Exception {
    try (LogCapture logs = LogCapture.start(); Workers workers = new Workers("churn")) {
      MetricsRuntime runtime = new MetricsRuntime(NAMESPACE);
      runtime.start();
      List<String> steadyIds = new ArrayList<>();
      for (int i = 0; i < STEADY; i++) {
        RuntimeRecorder steady = runtime.createRecorder("steady-" + i);
        steady.registerMetric(new HitCounter("hits"));
        steady.registerEvent(Hit.ONE);
        steadyIds.add(steady.recorderId());
      }
      Adapters adapters = Adapters.attach(runtime, Duration.ofMillis(50));
      // warm-up: the churn code paths of the core and the adapters have run once before the baseline
      lifecycles(runtime, "warm", WARM_UP_LIFECYCLES);
      finalScrapes(adapters, steadyIds);
      long heapBefore = HeapProbe.usedAfterGc();

      List<Workers.Loop> scrapers = List.of(
          workers.repeat("prometheus", adapters::prometheus),
          workers.repeat("micrometer", adapters::readMicrometer),
          workers.repeat("otel", adapters::otel));
      long started = System.nanoTime();
      List<Future<Long>> churners = new ArrayList<>();
      for (int t = 0; t < CHURNERS; t++) {
        String prefix = "churn-" + t;
        churners.add(workers.submit(prefix, () -> lifecycles(runtime, prefix, LIFECYCLES / CHURNERS)));
      }
      long events = 0;
      for (Future<Long> churner : churners) {
        events += churner.get(3, TimeUnit.MINUTES);
      }
      long churning = System.nanoTime() - started;
      workers.stopAndAwait(scrapers, Duration.ofSeconds(60));
      assertThat(workers.errors()).as("exceptions that escaped a churner or a scraper").isEmpty();

      assertThat(runtime.stats().recorders()).isEqualTo(STEADY);
      assertThat(runtime.listRecorderIds()).containsExactlyElementsOf(steadyIds);
      assertThat(runtime.stats().processed()).isEqualTo(runtime.stats().accepted());
      finalScrapes(adapters, steadyIds);
      TextExposition last = adapters.prometheus();
      assertThat(last.value("mvx_runtime_collector_skipped_total",
          Map.of("namespace", NAMESPACE, "reason", "snapshot_failed"))).hasValue(0);
      assertThat(logs.warnings()).as("no scrape failed, quietly or not").isEmpty();

      long heapAfter = HeapProbe.usedAfterGc();
      assertThat(heapAfter - heapBefore).as("retained heap growth, bytes")
          .isLessThan(HEAP_TOLERANCE_MIB * HeapProbe.MIB);

      Figures.report("churn", "%,d lifecycles (%d threads, %,d events) in %.1f s while scraping: Prometheus %,d, "
              + "Micrometer %,d, OpenTelemetry %,d scrapes",
          LIFECYCLES, CHURNERS, events, churning / 1e9, scrapers.get(0).iterations().get(),
          scrapers.get(1).iterations().get(), scrapers.get(2).iterations().get());
      Figures.report("churn", "used heap after GC: %s before, %s after (tolerance %d MiB); recorders %d -> %d",
          HeapProbe.mib(heapBefore), HeapProbe.mib(heapAfter), HEAP_TOLERANCE_MIB, STEADY,
          runtime.stats().recorders());

      adapters.close();
      runtime.shutdown();
    }
  }

  /**
   * Runs {@code count} lifecycles of recorders {@code prefix-0}, {@code prefix-1}, ..., each checked
   * on removal: every event counted once, every accepted one processed and in the final snapshot.
   *
   * @return the number of events emitted
   */
  private static long lifecycles(MetricsRuntime runtime, String prefix, int count) {
    long emitted = 0;
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      RuntimeRecorder recorder = runtime.createRecorder(id);
      recorder.registerMetric(new HitCounter("session"));
      int events = 1 + i % 16;
      for (int e = 0; e < events; e++) {
        recorder.registerEvent(Hit.ONE);
      }
      emitted += events;
      RuntimeRecorder removed = runtime.stopAndRemoveRecorder(id);
      assertThat(removed).isSameAs(recorder);
      // the final snapshot waits for the drain (stopAndRemoveRecorder itself does not)
      Map<String, MetricSnapshot> last = removed.getMetricSnapshots();
      RecorderStats stats = removed.stats();
      assertThat(stats.accepted() + stats.dropped() + stats.rejected()).isEqualTo(events);
      assertThat(stats.processed()).isEqualTo(stats.accepted());
      assertThat(last.get("session").value("count")).hasValue(stats.accepted());
    }
    return emitted;
  }

  /** The last scrape of every adapter has the steady recorders and nothing else. */
  private static void finalScrapes(Adapters adapters, List<String> steadyIds) {
    List<String> prometheusRecorders = new ArrayList<>();
    for (TextExposition.Sample sample : adapters.prometheus().samples()) {
      if (sample.labels().containsKey("recorder")) {
        prometheusRecorders.add(sample.labels().get("recorder"));
      }
    }
    assertThat(prometheusRecorders).as("Prometheus series by recorder").isSubsetOf(steadyIds)
        .containsAll(steadyIds);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      adapters.readMicrometer(); // reading is what refreshes the meter set
      assertThat(adapters.micrometerRecorders()).as("Micrometer meters by recorder")
          .isSubsetOf(steadyIds).containsAll(steadyIds);
    });

    Collection<MetricData> collection = adapters.otel();
    assertThat(Adapters.otelRecorders(collection)).as("OpenTelemetry points by recorder")
        .isSubsetOf(steadyIds).containsAll(steadyIds);
  }
}
