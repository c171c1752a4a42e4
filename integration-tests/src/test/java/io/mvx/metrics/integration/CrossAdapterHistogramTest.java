package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mvx.metrics.Histogram;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.micrometer.MvxMeterBinder;
import io.mvx.metrics.otel.MvxOtelMetrics;
import io.mvx.metrics.prometheus.MvxCollector;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.ValueKind;
import io.mvx.metrics.test.ExportedHistogram;
import io.mvx.metrics.test.MicrometerReader;
import io.mvx.metrics.test.OtelReader;
import io.mvx.metrics.test.PrometheusReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One runtime's histograms through the three adapters at once, from a deterministic workload: all three agree
 * on count and sum, and Prometheus (simpleclient) and OpenTelemetry agree on every bucket.
 */
class CrossAdapterHistogramTest {

  @Test
  void allThreeAdaptersAgreeOnCountAndSum_andPrometheusAndOtelOnEveryBucket() {
    MetricsRuntime runtime = MetricsRuntime.builder("shop").logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    CollectorRegistry prometheus = new CollectorRegistry();
    new MvxCollector(runtime).register(prometheus);
    PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MvxMeterBinder binder = MvxMeterBinder.builder(runtime).staleness(Duration.ZERO).build();
    binder.bindTo(micrometer);
    InMemoryMetricReader otel = InMemoryMetricReader.create();
    SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(otel)
        .registerMetricProducer(MvxOtelMetrics.metricProducer(runtime)).build();
    MvxOtelMetrics registration =
        MvxOtelMetrics.register(runtime, OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build());
    try {
      Random random = new Random(42);
      for (int worker = 0; worker < 5; worker++) {
        RuntimeRecorder recorder = runtime.createRecorder("worker-" + worker);
        recorder.registerMetric(new RequestMetric());
        recorder.registerMetric(new PayloadMetric());
        for (int i = 0; i < 2_000; i++) {
          // most requests fast, a slow tail; the sizes spread over orders of magnitude
          double seconds = random.nextDouble() < 0.9 ? random.nextDouble() * 0.05 : 0.05 + random.nextDouble() * 3;
          recorder.registerEvent(new Request(random.nextBoolean() ? "success" : "failure", seconds,
              Math.exp(random.nextGaussian() * 3 + 6)));
        }
      }
      RuntimeSnapshot snapshot = runtime.snapshot();

      PrometheusReader fromPrometheus = PrometheusReader.of("shop", prometheus);
      MicrometerReader fromMicrometer = new MicrometerReader("shop", micrometer);
      OtelReader fromOtel = new OtelReader("shop", otel.collectAllMetrics());

      int compared = 0;
      for (Map.Entry<String, Map<String, MetricSnapshot>> recorder : snapshot.recorders().entrySet()) {
        for (MetricSnapshot metric : recorder.getValue().values()) {
          for (MetricValue value : metric.values()) {
            if (value.kind() != ValueKind.HISTOGRAM) {
              continue;
            }
            String series = recorder.getKey() + " " + metric.name() + "/" + value.dimension() + value.labels();
            HistogramValue expected = value.histogram().orElseThrow();
            ExportedHistogram p = fromPrometheus.histogram(recorder.getKey(), metric, value).orElseThrow();
            ExportedHistogram m = fromMicrometer.histogram(recorder.getKey(), metric, value).orElseThrow();
            ExportedHistogram o = fromOtel.histogram(recorder.getKey(), metric, value).orElseThrow();
            for (ExportedHistogram exported : new ExportedHistogram[] {p, m, o}) {
              assertThat(exported.count()).as("count of %s", series).isEqualTo(expected.count());
              assertThat(exported.sum()).as("sum of %s", series)
                  .isCloseTo(expected.sum(), within(1e-9 * Math.abs(expected.sum())));
            }
            assertThat(p.classicBuckets()).as("Prometheus buckets of %s", series)
                .isEqualTo(ExportedHistogram.classicBucketsOf(expected))
                .isEqualTo(o.classicBuckets());
            assertThat(expected.count()).isPositive();
            compared++;
          }
        }
      }
      assertThat(compared).isEqualTo(5 * 3);
      assertThat(micrometer.scrape()).contains("shop_request_duration_seconds_count{outcome=\"success\",recorder=\"worker-0\"}");
    } finally {
      meterProvider.close();
      registration.close();
      binder.close();
      runtime.shutdown();
    }
  }

  /** One request: its outcome, duration and payload size. */
  private record Request(String outcome, double seconds, double bytes) implements MetricEvent {
    @Override
    public String eventType() {
      return "test.request";
    }
  }

  /** Request durations by outcome: classic buckets, seconds. */
  private static final class RequestMetric implements Metric {
    private final Histogram success = Histogram.defaultLatencySeconds();
    private final Histogram failure = Histogram.defaultLatencySeconds();

    @Override
    public String metricName() {
      return "request";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      if (!(event instanceof Request request)) {
        return false;
      }
      (request.outcome().equals("success") ? success : failure).record(request.seconds());
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder(metricName()).unit("s").description("Requests")
          .histogram("duration", success.snapshot(), Map.of("outcome", "success"))
          .histogram("duration", failure.snapshot(), Map.of("outcome", "failure"))
          .build();
    }
  }

  /** Request payload sizes: classic buckets, bytes. */
  private static final class PayloadMetric implements Metric {
    private final Histogram bytes = Histogram.withUpperBounds(64, 256, 1024, 4096, 16384, 65536);

    @Override
    public String metricName() {
      return "request.payload";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      if (!(event instanceof Request request)) {
        return false;
      }
      bytes.record(request.bytes());
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder(metricName()).unit("By").histogram("size", bytes.snapshot()).build();
    }
  }
}
