package io.mvx.metrics.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.test.LogCapture;
import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RecorderListener;
import io.mvx.metrics.RecorderOptions;
import io.mvx.metrics.RegistryListener;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RecorderStats;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults in user code: metrics that throw in {@code handleEvent} or {@code snapshot} at random (seeded),
 * recorder listeners and registry listeners that throw, all while producers emit and the three adapters
 * scrape. Every throw is counted exactly once in {@code handlerErrors}, the healthy metric registered
 * after the flaky one still sees every event, nothing accepted is lost, and the log stays throttled.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultIsolationTest {

  static final long SEED = 20_261_125L;
  static final int RECORDERS = 50;
  static final int PRODUCERS = 4;
  static final int EVENTS_PER_PRODUCER = 200_000;
  /** Producers go on until every adapter has scraped this often. */
  static final int MIN_SCRAPES = 25;
  static final String NAMESPACE = "reliability.faults";

  /** Throws in every callback and counts its throws per recorder. */
  static final class ThrowingRegistryListener implements RegistryListener {
    final Map<String, AtomicLong> throwsByRecorder = new ConcurrentHashMap<>();

    @Override
    public void recorderCreated(RuntimeRecorder recorder) {
      throwFor(recorder, "recorderCreated");
    }

    @Override
    public void metricRegistered(RuntimeRecorder recorder, MetricSnapshot snapshot) {
      throwFor(recorder, "metricRegistered");
    }

    @Override
    public void recorderRemoved(RuntimeRecorder recorder) {
      throwFor(recorder, "recorderRemoved");
    }

    long throwsFor(String recorderId) {
      return throwsByRecorder.getOrDefault(recorderId, new AtomicLong()).get();
    }

    private void throwFor(RuntimeRecorder recorder, String callback) {
      throwsByRecorder.computeIfAbsent(recorder.recorderId(), id -> new AtomicLong()).incrementAndGet();
      throw new IllegalStateException("registry listener " + callback + " throws");
    }
  }

  /** Throws in {@code onMetricChanged} at random (seeded) and always in {@code onStopped}. */
  static final class ThrowingRecorderListener implements RecorderListener {
    private final Random random;
    volatile long throwsSoFar;

    ThrowingRecorderListener(long seed) {
      this.random = new Random(seed);
    }

    @Override
    public void onMetricChanged(String recorderId, Metric metric, MetricEvent event) {
      if (random.nextDouble() < 0.03) {
        throwsSoFar++; // single writer: the processing thread
        throw new IllegalStateException("onMetricChanged throws");
      }
    }

    @Override
    public void onStopped(String recorderId) {
      throwsSoFar++;
      throw new IllegalStateException("onStopped throws");
    }
  }

  @Test
  void throwingMetricsAndListeners_areCountedOnceIsolatedAndLoseNoEvent() throws Exception {
    try (LogCapture logs = LogCapture.start(); Workers workers = new Workers("faults")) {
      MetricsRuntime runtime = new MetricsRuntime(NAMESPACE);
      runtime.start();
      ThrowingRegistryListener registryListener = new ThrowingRegistryListener();
      runtime.addRegistryListener(registryListener); // before the adapters' listeners: they must still be called
      Adapters adapters = Adapters.attach(runtime, Duration.ofMillis(100));

      List<RuntimeRecorder> recorders = new ArrayList<>();
      List<FlakyMetric> flaky = new ArrayList<>();
      List<ThrowingRecorderListener> listeners = new ArrayList<>();
      for (int i = 0; i < RECORDERS; i++) {
        ThrowingRecorderListener listener = new ThrowingRecorderListener(SEED + 1_000 + i);
        RuntimeRecorder recorder = runtime.createRecorder("r-" + i,
            RecorderOptions.builder().listener(listener).build());
        FlakyMetric metric = new FlakyMetric("flaky", SEED + i, 0.05, 0.02);
        recorder.registerMetric(metric); // registered first: its throws must not keep "hits" from the event
        recorder.registerMetric(new HitCounter("hits"));
        metric.arm();
        recorders.add(recorder);
        flaky.add(metric);
        listeners.add(listener);
      }

      List<Workers.Loop> scrapers = List.of(
          workers.repeat("prometheus", adapters::prometheus),
          workers.repeat("micrometer", adapters::readMicrometer),
          workers.repeat("otel", adapters::otel));
      List<Future<long[]>> producers = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        long seed = SEED + 2_000 + p;
        producers.add(workers.submit("producer-" + p, () -> {
          Random random = new Random(seed);
          long[] emitted = new long[RECORDERS];
          long sent = 0;
          while (sent < EVENTS_PER_PRODUCER
              || fewestScrapes(scrapers) < MIN_SCRAPES && workers.errors().isEmpty()) {
            for (int e = 0; e < 1_024; e++) {
              int target = random.nextInt(RECORDERS);
              recorders.get(target).registerEvent(Hit.ONE);
              emitted[target]++;
            }
            sent += 1_024;
          }
          return emitted;
        }));
      }
      long[] emitted = new long[RECORDERS];
      for (Future<long[]> producer : producers) {
        long[] counts = producer.get(2, TimeUnit.MINUTES);
        for (int i = 0; i < RECORDERS; i++) {
          emitted[i] += counts[i];
        }
      }
      workers.stopAndAwait(scrapers, Duration.ofSeconds(60));
      assertThat(workers.errors()).as("exceptions that escaped a producer or a scraper").isEmpty();

      RuntimeSnapshot quiescent = runtime.snapshot(); // behind every accepted event
      flaky.forEach(FlakyMetric::disarm);
      long totalThrows = 0;
      long totalErrors = 0;
      for (int i = 0; i < RECORDERS; i++) {
        RuntimeRecorder recorder = recorders.get(i);
        RecorderStats stats = recorder.stats();
        assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.RUNNING);
        assertThat(stats.accepted() + stats.dropped() + stats.rejected()).isEqualTo(emitted[i]);
        assertThat(stats.processed()).isEqualTo(stats.accepted());
        Map<String, MetricSnapshot> metrics = recorder.getMetricSnapshots();
        assertThat(metrics.get("hits").value("count")).as("the healthy metric saw every event")
            .hasValue(stats.accepted());
        long thrown = flaky.get(i).throwsSoFar() + listeners.get(i).throwsSoFar
            + registryListener.throwsFor(recorder.recorderId());
        assertThat(stats.handlerErrors()).as("r-" + i + ": every throw counted exactly once").isEqualTo(thrown);
        totalThrows += thrown;
        totalErrors += stats.handlerErrors();
      }
      assertThat(quiescent.recorders()).hasSize(RECORDERS);
      long errors = totalErrors;
      assertThat(runtime.stats().handlerErrors()).isEqualTo(errors);

      // the adapters still export every recorder (the throwing registry listener came first) and the count
      TextExposition scrape = adapters.prometheus();
      assertThat(adapters.prometheusStat(scrape, "mvx_runtime_handler_errors_total")).isEqualTo(errors);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(adapters.micrometerStat("mvx.runtime.handler.errors")).isEqualTo(errors));
      assertThat(adapters.otelStat(adapters.otel(), "mvx.runtime.handler.errors")).isEqualTo(errors);
      for (RuntimeRecorder recorder : recorders) {
        double hits = recorder.stats().accepted();
        Map<String, String> tags = Map.of("recorder", recorder.recorderId());
        assertThat(scrape.value("reliability_faults_hits_count_total", tags)).hasValue(hits);
        assertThat(adapters.micrometerValue("reliability.faults.hits.count", tags)).hasValue(hits);
        assertThat(Adapters.otelValue(adapters.otel(), "hits.count",
            Attributes.of(Adapters.RECORDER, recorder.recorderId()))).hasValue(hits);
      }

      // removal: onStopped and recorderRemoved throw once more each, counted on the removed recorder
      for (RuntimeRecorder recorder : recorders) {
        long before = recorder.stats().handlerErrors();
        runtime.stopAndRemoveRecorder(recorder.recorderId());
        recorder.getMetricSnapshots(); // returns once the removal has drained (stopAndRemoveRecorder does not wait)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(recorder.stats().handlerErrors()).isEqualTo(before + 2)); // recorderRemoved follows the drain
        assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.STOPPED);
      }

      long logged = logs.warnings().stream().filter(line -> line.startsWith("io.mvx.metrics." + NAMESPACE)).count();
      assertThat(logged).as("throttled: a few lines per kind and 10 s window, not one per throw").isLessThan(40);
      Figures.report("faults", "%d recorders, %,d events: %,d throws from metrics and listeners, all counted in "
          + "handlerErrors; %d log lines; scrapes Prometheus %,d, Micrometer %,d, OpenTelemetry %,d", RECORDERS,
          LongStream.of(emitted).sum(), totalThrows, logged, scrapers.get(0).iterations().get(),
          scrapers.get(1).iterations().get(), scrapers.get(2).iterations().get());
      adapters.close();
      runtime.shutdown();
    }
  }

  private static long fewestScrapes(List<Workers.Loop> scrapers) {
    return scrapers.stream().mapToLong(loop -> loop.iterations().get()).min().orElse(0);
  }

  @Test
  void onStartingThrows_putsTheRecorderIntoFailure_itsEventsRejected_andTheIdCanBeReused() {
    MetricsRuntime runtime = new MetricsRuntime("reliability.faults.starting");
    runtime.start();
    try {
      RecorderOptions failing = RecorderOptions.builder().listener(new RecorderListener() {
        @Override
        public void onStarting(String recorderId) {
          throw new IllegalStateException("refused");
        }
      }).build();
      RuntimeRecorder recorder = runtime.createRecorder("a", failing); // returns at once (§7.1)
      recorder.registerEvent(Hit.ONE);
      assertThat(recorder.getMetricSnapshots()).isEmpty();
      assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.FAILURE);
      assertThat(recorder.stats().rejected()).isEqualTo(1);
      assertThat(recorder.stats().handlerErrors()).isEqualTo(1);
      runtime.stopAndRemoveRecorder("a");
      assertThat(runtime.findRecorder("a")).isEmpty();
      assertThat(runtime.createRecorder("a").getStatus()).isEqualTo(MetricsRecorderState.RUNNING);
    } finally {
      runtime.shutdown();
    }
  }
}
