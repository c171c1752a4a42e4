package io.mvx.metrics.micrometer;

import static io.mvx.metrics.micrometer.MvxMeterBinderTest.saveTwiceAndFailOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.example.DocumentStorage;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The snapshot of a read cycle: one per collection, failures and garbage collection. */
class MvxMeterBinderSnapshotTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final MetricsRuntime runtime =
      MetricsRuntime.builder("example.metrics").operationTimeout(Duration.ofMillis(200)).build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong clock = new AtomicLong();

  @AfterEach
  void closeEverything() {
    runtime.close();
    registry.close();
  }

  @Test
  void collectionOfThousandsOfMeters_takesOneSnapshot() {
    runtime.start();
    ScriptedMetric requests = new ScriptedMetric("http.requests", s -> {
      for (int i = 0; i < 5_000; i++) {
        s.counter("count", i, Map.of("route", "r" + i));
      }
      return s;
    });
    runtime.createRecorder("gateway").registerMetric(requests);
    try (MvxMeterBinder binder = memoising(Duration.ofSeconds(1))) {
      binder.bindTo(registry);
      int afterBind = requests.snapshots();

      clock.addAndGet(SECOND);
      Scrapes.scrape(registry);

      assertThat(registry.getMeters()).hasSizeGreaterThan(5_000);
      assertThat(requests.snapshots()).isEqualTo(afterBind + 1);
      assertThat(registry.get("example.metrics.http.requests.count").tags("route", "r4321").functionCounter()
          .count()).isEqualTo(4321.0);
    }
  }

  @Test
  void recorderCreatedAfterBinding_appearsOnceTheStalenessWindowHasPassed() {
    runtime.start();
    try (MvxMeterBinder binder = MvxMeterBinder.builder(runtime).staleness(Duration.ofMillis(50)).build()) {
      binder.bindTo(registry);

      saveTwiceAndFailOnce(new DocumentStorage(runtime.createRecorder("document_storage")));

      await().untilAsserted(() -> {
        Scrapes.scrape(registry);
        assertThat(registry.find("example.metrics.document_storage.save.attempts").functionCounter())
            .isNotNull()
            .satisfies(counter -> assertThat(counter.count()).isEqualTo(3.0));
      });
    }
  }

  @Test
  void snapshotThatIsLate_keepsTheLastGoodValues_neverThrows_andTheNextReadIsFresh() {
    runtime.start();
    ScriptedMetric requests = new ScriptedMetric("http.requests", s -> s.counter("count", 1).gauge("in_flight", 5));
    runtime.createRecorder("gateway").registerMetric(requests);
    CountDownLatch release = new CountDownLatch(1);
    try (MvxMeterBinder binder = memoising(Duration.ZERO)) {
      binder.bindTo(registry);

      requests.show(s -> s.counter("count", 2).gauge("in_flight", 6));
      requests.blockUntil(release);
      // the processing thread now blocks in the metric's snapshot: the refresh times out
      assertThat(count("example.metrics.http.requests.count")).isEqualTo(1.0);
      assertThat(registry.get("example.metrics.http.requests.in_flight").gauge().value()).isEqualTo(5.0);
      requests.blockUntil(null);
      release.countDown();

      assertThat(count("example.metrics.http.requests.count")).isEqualTo(2.0);
      assertThat(registry.get("example.metrics.http.requests.in_flight").gauge().value()).isEqualTo(6.0);
    } finally {
      release.countDown();
    }
  }

  @Test
  void valuesSurviveGarbageCollection_evenWhenNobodyKeepsTheBinder() {
    runtime.start();
    saveTwiceAndFailOnce(new DocumentStorage(runtime.createRecorder("document_storage")));
    bindAndForget();

    collectGarbage();

    assertThat(count("example.metrics.document_storage.save.attempts")).isEqualTo(3.0);
    assertThat(registry.get("example.metrics.document_storage.save.average_duration.average_duration_ms").gauge()
        .value()).isNotNaN();
    assertThat(registry.get("mvx.runtime.events.accepted").functionCounter().count()).isEqualTo(3.0);
    assertThat(registry.get("mvx.runtime.recorders").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void runtimeStartedAfterBinding_isFollowed() {
    try (MvxMeterBinder binder = memoising(Duration.ZERO)) {
      binder.bindTo(registry);

      runtime.start();
      RuntimeRecorder recorder = runtime.createRecorder("document_storage");
      saveTwiceAndFailOnce(new DocumentStorage(recorder));
      Scrapes.scrape(registry);

      assertThat(count("example.metrics.document_storage.save.attempts")).isEqualTo(3.0);
    }
  }

  private MvxMeterBinder memoising(Duration staleness) {
    return MvxMeterBinder.builder(runtime).staleness(staleness).nanoClock(clock::get).build();
  }

  private void bindAndForget() {
    new MvxMeterBinder(runtime).bindTo(registry);
  }

  private static void collectGarbage() {
    WeakReference<Object> canary = new WeakReference<>(new Object());
    await().until(() -> {
      System.gc();
      return canary.get() == null;
    });
    System.gc();
  }

  private double count(String name) {
    return registry.get(name).functionCounter().count();
  }
}
