package io.mvx.metrics.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.example.DocumentStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConcurrentCollectionTest {

  @Test
  void concurrentCollections_whileRecordersComeAndGo_neverFail_andEndConsistent() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExecutorService scrapers = Executors.newFixedThreadPool(2);
    try (MetricsRuntime runtime = new MetricsRuntime("example.metrics");
        MvxMeterBinder binder = MvxMeterBinder.builder(runtime).staleness(Duration.ZERO).build()) {
      runtime.start();
      binder.bindTo(registry);
      AtomicBoolean done = new AtomicBoolean();
      List<Future<Integer>> scrapes = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        scrapes.add(scrapers.submit(() -> {
          int count = 0;
          while (!done.get() || count == 0) {
            Scrapes.scrape(registry);
            count++;
          }
          return count;
        }));
      }

      for (int i = 0; i < 100; i++) {
        new DocumentStorage(runtime.createRecorder("storage_" + i)).saveDocument("doc", "content");
        if (i % 2 == 0) {
          runtime.stopAndRemoveRecorder("storage_" + i);
        }
      }
      done.set(true);
      for (Future<Integer> scrape : scrapes) {
        assertThat(scrape.get()).isPositive();
      }
      Scrapes.scrape(registry);

      assertThat(registry.find("example.metrics.document_storage.save.attempts").functionCounters())
          .hasSize(50)
          .allSatisfy(counter -> {
            assertThat(Integer.parseInt(counter.getId().getTag("recorder").substring("storage_".length())))
                .isOdd();
            assertThat(counter.count()).isEqualTo(1.0);
          });
    } finally {
      scrapers.shutdownNow();
      registry.close();
    }
  }
}
