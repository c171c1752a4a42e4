package io.mvx.metrics.micrometer;

import static io.mvx.metrics.micrometer.MvxMeterBinderTest.saveTwiceAndFailOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.example.DocumentStorage;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both Prometheus registries of Micrometer: {@code micrometer-registry-prometheus-simpleclient} (client 0.x,
 * deprecated) and {@code micrometer-registry-prometheus} (client 1.x).
 */
@SuppressWarnings("deprecation")
class PrometheusRegistriesTest {

  private final MetricsRuntime runtime = new MetricsRuntime("example.metrics");

  @BeforeEach
  void startRuntime() {
    runtime.start();
    saveTwiceAndFailOnce(new DocumentStorage(runtime.createRecorder("document_storage")));
  }

  @AfterEach
  void closeRuntime() {
    runtime.close();
  }

  @Test
  void simpleclientRegistry_scrapeShowsTheSaveAttemptsAsACounterOfTheRecorder() {
    io.micrometer.prometheus.PrometheusMeterRegistry registry =
        new io.micrometer.prometheus.PrometheusMeterRegistry(io.micrometer.prometheus.PrometheusConfig.DEFAULT);
    try (MvxMeterBinder binder = new MvxMeterBinder(runtime)) {
      binder.bindTo(registry);

      String scrape = registry.scrape();

      assertThat(scrape)
          .contains("# TYPE example_metrics_document_storage_save_attempts_total counter\n")
          .contains("# HELP example_metrics_document_storage_save_attempts_total"
              + " Document save attempts by outcome\n")
          .contains("example_metrics_document_storage_save_attempts_total{recorder=\"document_storage\",} 3.0\n")
          .contains("example_metrics_document_storage_save_attempts_success_total"
              + "{recorder=\"document_storage\",} 2.0\n")
          .contains("# TYPE example_metrics_document_storage_save_average_duration_average_duration_ms_milliseconds"
              + " gauge\n")
          .contains("mvx_runtime_events_accepted_total{namespace=\"example.metrics\",} 3.0\n");
    } finally {
      registry.close();
    }
  }

  @Test
  void prometheusMetricsRegistry_scrapeShowsTheSaveAttemptsAsACounterOfTheRecorder() {
    io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    try (MvxMeterBinder binder = new MvxMeterBinder(runtime)) {
      binder.bindTo(registry);

      String scrape = registry.scrape();

      assertThat(scrape)
          .contains("# TYPE example_metrics_document_storage_save_attempts_total counter\n")
          .contains("# HELP example_metrics_document_storage_save_attempts_total"
              + " Document save attempts by outcome\n")
          .contains("example_metrics_document_storage_save_attempts_total{recorder=\"document_storage\"} 3.0\n")
          .contains("example_metrics_document_storage_save_attempts_success_total{recorder=\"document_storage\"} 2.0\n")
          .contains("# TYPE example_metrics_document_storage_save_average_duration_average_duration_ms_milliseconds"
              + " gauge\n")
          .contains("mvx_runtime_events_accepted_total{namespace=\"example.metrics\"} 3.0\n");
    } finally {
      registry.close();
    }
  }

  @Test
  void prometheusMetricsRegistry_followsRecordersCreatedAndRemovedAfterBinding() {
    io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    followsRecordersCreatedAndRemovedAfterBinding(registry, registry::scrape,
        "example_metrics_document_storage_save_attempts_total{recorder=\"archive_storage\"} 1.0\n");
  }

  @Test
  void simpleclientRegistry_followsRecordersCreatedAndRemovedAfterBinding() {
    io.micrometer.prometheus.PrometheusMeterRegistry registry =
        new io.micrometer.prometheus.PrometheusMeterRegistry(io.micrometer.prometheus.PrometheusConfig.DEFAULT);
    followsRecordersCreatedAndRemovedAfterBinding(registry, registry::scrape,
        "example_metrics_document_storage_save_attempts_total{recorder=\"archive_storage\",} 1.0\n");
  }

  @Test
  void prometheusMetricsRegistry_showsARecorderCreatedAfterBinding_onceTheRuntimeAnnouncedIt() {
    io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    try (MvxMeterBinder binder = MvxMeterBinder.builder(runtime).staleness(Duration.ofHours(1)).build()) {
      binder.bindTo(registry);
      for (int i = 0; i < 12; i++) {
        new DocumentStorage(runtime.createRecorder("archive-" + i));
        String line = "example_metrics_document_storage_save_attempts_total{recorder=\"archive-" + i + "\"} 0.0\n";

        // createRecorder and registerMetric do not wait: the meters come once the processing thread has
        // announced the metric, at most one read cycle later (without a pause between scrapes, the staleness cap)
        await().untilAsserted(() -> assertThat(registry.scrape()).contains(line));
      }
    } finally {
      registry.close();
    }
  }

  /** A recorder created and one removed after binding show up in the registry's scrape as {@code line}. */
  private void followsRecordersCreatedAndRemovedAfterBinding(
      MeterRegistry registry, Supplier<String> scrape, String line) {
    try (MvxMeterBinder binder = MvxMeterBinder.builder(runtime).staleness(Duration.ofMillis(50)).build()) {
      binder.bindTo(registry);

      new DocumentStorage(runtime.createRecorder("archive_storage")).saveDocument("a-1", "archived");
      runtime.stopAndRemoveRecorder("document_storage");

      await().untilAsserted(() -> assertThat(scrape.get())
          .contains(line)
          .doesNotContain("recorder=\"document_storage\""));
    } finally {
      registry.close();
    }
  }

  @Test
  void simpleclientRegistry_isEmptyAfterClose() {
    io.micrometer.prometheus.PrometheusMeterRegistry registry =
        new io.micrometer.prometheus.PrometheusMeterRegistry(io.micrometer.prometheus.PrometheusConfig.DEFAULT);
    MvxMeterBinder binder = new MvxMeterBinder(runtime);
    binder.bindTo(registry);

    binder.close();

    assertThat(registry.scrape()).isEmpty();
    registry.close();
  }
}
