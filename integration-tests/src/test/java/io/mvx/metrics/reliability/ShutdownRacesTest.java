package io.mvx.metrics.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.MetricsRuntimeState;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.RecorderStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Shutdown racing everything else: producers and scrapes of the three adapters, other shutdown calls, and
 * recorder creation. No deadlock (the timeouts here only guard against one), no accepted event lost, and
 * only the documented, typed errors.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShutdownRacesTest {

  static final int RECORDERS = 20;
  static final int PRODUCERS = 4;

  /** A running runtime with {@link #RECORDERS} recorders counting hits. */
  private static List<RuntimeRecorder> recorders(MetricsRuntime runtime) {
    List<RuntimeRecorder> recorders = new ArrayList<>();
    for (int i = 0; i < RECORDERS; i++) {
      RuntimeRecorder recorder = runtime.createRecorder("r-" + i);
      recorder.registerMetric(new HitCounter("hits"));
      recorders.add(recorder);
    }
    return recorders;
  }

  /** Producers emitting round-robin at full speed until stopped; each returns its per-recorder counts. */
  private static List<Future<long[]>> produce(Workers workers, List<RuntimeRecorder> recorders, AtomicBoolean stop) {
    List<Future<long[]>> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      int offset = p;
      producers.add(workers.submit("producer-" + p, () -> {
        long[] emitted = new long[recorders.size()];
        int next = offset;
        while (!stop.get()) {
          recorders.get(next).registerEvent(Hit.ONE);
          emitted[next]++;
          next = (next + 1) % recorders.size();
        }
        return emitted;
      }));
    }
    return producers;
  }

  /** Every event counted once, every accepted one processed and in the recorder's final snapshot. */
  private static void assertNothingLost(List<RuntimeRecorder> recorders, List<Future<long[]>> producers)
      throws Exception {
    long[] emitted = new long[recorders.size()];
    for (Future<long[]> producer : producers) {
      long[] counts = producer.get(1, TimeUnit.MINUTES);
      for (int i = 0; i < counts.length; i++) {
        emitted[i] += counts[i];
      }
    }
    for (int i = 0; i < recorders.size(); i++) {
      RuntimeRecorder recorder = recorders.get(i);
      RecorderStats stats = recorder.stats();
      assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.STOPPED);
      assertThat(stats.accepted() + stats.dropped() + stats.rejected()).isEqualTo(emitted[i]);
      assertThat(stats.processed()).as("drained before the thread ended").isEqualTo(stats.accepted());
      assertThat(recorder.getMetricSnapshots().get("hits").value("count")).hasValue(stats.accepted());
    }
  }

  @RepeatedTest(5)
  void shutdown_racingProducersAndScrapes_losesNoAcceptedEventAndScrapesKeepAnswering() throws Exception {
    try (Workers workers = new Workers("race.scrapes")) {
      MetricsRuntime runtime = new MetricsRuntime("reliability.race.scrapes");
      runtime.start();
      List<RuntimeRecorder> recorders = recorders(runtime);
      Adapters adapters = Adapters.attach(runtime, Duration.ofMillis(20));
      AtomicBoolean stop = new AtomicBoolean();
      List<Future<long[]>> producers = produce(workers, recorders, stop);
      List<Workers.Loop> scrapers = List.of(
          workers.repeat("prometheus", adapters::prometheus),
          workers.repeat("micrometer", adapters::readMicrometer),
          workers.repeat("otel", adapters::otel));
      await().atMost(Duration.ofSeconds(60)).until(() -> runtime.stats().processed() > 200_000
          && scrapers.stream().allMatch(loop -> loop.iterations().get() > 2));

      runtime.shutdown();
      assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
      long[] atShutdown = scrapers.stream().mapToLong(loop -> loop.iterations().get()).toArray();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        for (int i = 0; i < atShutdown.length; i++) {
          if (scrapers.get(i).iterations().get() < atShutdown[i] + 3) {
            return false;
          }
        }
        return true;
      });
      stop.set(true);
      workers.stopAndAwait(scrapers, Duration.ofSeconds(60));
      assertNothingLost(recorders, producers);
      assertThat(workers.errors()).as("exceptions that escaped a producer or a scraper").isEmpty();

      // a scrape of the closed runtime: no series, the final statistics
      TextExposition scrape = adapters.prometheus();
      assertThat(scrape.samples()).noneMatch(sample -> sample.labels().containsKey("recorder"));
      assertThat(adapters.prometheusStat(scrape, "mvx_runtime_events_processed_total"))
          .isEqualTo(runtime.stats().accepted());
      assertThat(adapters.prometheusStat(scrape, "mvx_runtime_recorders")).isZero();
      adapters.close();
    }
  }

  @RepeatedTest(5)
  void concurrentShutdownCalls_allReturnOnceClosed_withProducersRunning() throws Exception {
    try (Workers workers = new Workers("race.shutdowns")) {
      MetricsRuntime runtime = new MetricsRuntime("reliability.race.shutdowns");
      runtime.start();
      List<RuntimeRecorder> recorders = recorders(runtime);
      AtomicBoolean stop = new AtomicBoolean();
      List<Future<long[]>> producers = produce(workers, recorders, stop);
      await().atMost(Duration.ofSeconds(60)).until(() -> runtime.stats().processed() > 100_000);

      CountDownLatch go = new CountDownLatch(1);
      List<Future<MetricsRuntimeState>> callers = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        callers.add(workers.submit("shutdown-" + c, () -> {
          go.await();
          runtime.shutdown();
          return runtime.getStatus();
        }));
      }
      go.countDown();
      for (Future<MetricsRuntimeState> caller : callers) {
        assertThat(caller.get(1, TimeUnit.MINUTES)).as("state seen as shutdown() returns")
            .isEqualTo(MetricsRuntimeState.CLOSED);
      }
      stop.set(true);
      assertNothingLost(recorders, producers);
      assertThat(workers.errors()).isEmpty();
    }
  }

  @RepeatedTest(5)
  void createRecorder_racingShutdown_givesRecordersOrTypedErrorsAndLosesNoEvent() throws Exception {
    Set<String> allowed = Set.of(MetricsException.INVALID_RUNTIME_STATE, MetricsException.INVALID_RECORDER_STATE);
    try (Workers workers = new Workers("race.create")) {
      MetricsRuntime runtime = new MetricsRuntime("reliability.race.create");
      runtime.start();
      List<Future<List<Object>>> creators = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String prefix = "c" + t + "-";
        creators.add(workers.submit(prefix, () -> {
          List<Object> outcomes = new ArrayList<>(); // a created recorder with its emitted count, or a reason code
          for (int i = 0; i < 5_000; i++) { // createRecorder does not wait: bound what a creator makes
            RuntimeRecorder recorder;
            try {
              recorder = runtime.createRecorder(prefix + i);
            } catch (MetricsException e) {
              outcomes.add(e.reasonCode());
              if (runtime.getStatus() == MetricsRuntimeState.CLOSED) {
                return outcomes;
              }
              continue;
            }
            boolean registered = false;
            try {
              recorder.registerMetric(new HitCounter("hits"));
              registered = true;
            } catch (MetricsException e) {
              outcomes.add(e.reasonCode());
            }
            for (int e = 0; e < 10; e++) {
              recorder.registerEvent(Hit.ONE);
            }
            outcomes.add(Map.entry(recorder, registered));
          }
          return outcomes;
        }));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> runtime.stats().recorders() >= 200);
      runtime.shutdown();

      int created = 0;
      for (Future<List<Object>> creator : creators) {
        for (Object outcome : creator.get(1, TimeUnit.MINUTES)) {
          if (outcome instanceof String reasonCode) {
            assertThat(reasonCode).isIn(allowed);
            continue;
          }
          @SuppressWarnings("unchecked")
          Map.Entry<RuntimeRecorder, Boolean> entry = (Map.Entry<RuntimeRecorder, Boolean>) outcome;
          RuntimeRecorder recorder = entry.getKey();
          RecorderStats stats = recorder.stats();
          assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.STOPPED);
          assertThat(stats.accepted() + stats.dropped() + stats.rejected()).isEqualTo(10);
          assertThat(stats.processed()).isEqualTo(stats.accepted());
          if (entry.getValue()) {
            assertThat(recorder.getMetricSnapshots().get("hits").value("count")).hasValue(stats.accepted());
          }
          created++;
        }
      }
      assertThat(workers.errors()).as("only MetricsException with the documented codes").isEmpty();
      assertThat(created).isGreaterThanOrEqualTo(200);
      assertThat(runtime.stats().recorders()).isZero();
      assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
    }
  }
}
