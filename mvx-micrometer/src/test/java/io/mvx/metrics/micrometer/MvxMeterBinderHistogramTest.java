package io.mvx.metrics.micrometer;

import static io.mvx.metrics.test.TestMetrics.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.HistogramValue;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HISTOGRAM values in the registries people use: count and sum (a {@code FunctionTimer} for time units, two
 * {@code FunctionCounter}s otherwise), as a user sees them in each.
 */
class MvxMeterBinderHistogramTest {

  private static final HistogramValue LATENCY =
      HistogramValue.of(new double[] {0.1, 1, 2.5}, new long[] {4, 0, 2, 1}, 6.5);
  private static final HistogramValue SIZES = HistogramValue.of(new double[] {100, 1000}, new long[] {1, 2, 0}, 1234);

  private final MetricsRuntime runtime = MetricsRuntime.builder("shop").logPolicy(LogPolicy.SILENT).build();
  private MvxMeterBinder binder;

  @BeforeEach
  void start() {
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("r");
    recorder.registerMetric(fixed("save", s -> s.description("Save latency").unit("s")
        .histogram("duration", LATENCY, Map.of("outcome", "success"))));
    recorder.registerMetric(fixed("load", s -> s.unit("ms").histogram("duration", LATENCY)));
    recorder.registerMetric(fixed("payload", s -> s.description("Payload size").unit("By").histogram("size", SIZES)));
    binder = MvxMeterBinder.builder(runtime).staleness(Duration.ZERO).build();
  }

  @AfterEach
  void stop() {
    binder.close();
    runtime.close();
  }

  @Test
  void simpleRegistry_timeUnitHistogram_isAFunctionTimer_otherUnits_twoFunctionCounters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    binder.bindTo(registry);

    FunctionTimer save = registry.find("shop.save.duration").tags("recorder", "r", "outcome", "success")
        .functionTimer();
    assertThat(save).isNotNull();
    assertThat(save.count()).isEqualTo(7);
    assertThat(save.totalTime(TimeUnit.SECONDS)).isEqualTo(6.5);
    assertThat(save.getId().getDescription()).isEqualTo("Save latency");
    FunctionTimer load = registry.find("shop.load.duration").functionTimer();
    assertThat(load.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.5);

    FunctionCounter count = registry.find("shop.payload.size.count").tags("recorder", "r").functionCounter();
    FunctionCounter sum = registry.find("shop.payload.size.sum").tags("recorder", "r").functionCounter();
    assertThat(count.count()).isEqualTo(3);
    assertThat(count.getId().getBaseUnit()).isNull();
    assertThat(sum.count()).isEqualTo(1234);
    assertThat(sum.getId().getBaseUnit()).isEqualTo("bytes");
    assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
        .doesNotContain("shop.payload.size");
  }

  @Test
  void prometheusRegistry_scrape_showsCountAndSum_withMvxCollectorsNamesForSeconds() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    binder.bindTo(registry);

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("# TYPE shop_save_duration_seconds summary\n")
        .contains("shop_save_duration_seconds_count{outcome=\"success\",recorder=\"r\"} 7\n")
        .contains("shop_save_duration_seconds_sum{outcome=\"success\",recorder=\"r\"} 6.5\n")
        // milliseconds become the registry's seconds
        .contains("shop_load_duration_seconds_count{recorder=\"r\"} 7\n")
        .contains("shop_load_duration_seconds_sum{recorder=\"r\"} 0.0065\n")
        .contains("shop_payload_size_count_total{recorder=\"r\"} 3.0\n")
        .contains("shop_payload_size_sum_bytes_total{recorder=\"r\"} 1234.0\n")
        .doesNotContain("_bucket");
  }

  @Test
  void otlpRegistry_publishes_aHistogramWithCountAndSum_forTimeUnits_andTwoSumsOtherwise() throws Exception {
    List<ExportMetricsServiceRequest> published = new ArrayList<>();
    OtlpConfig config = key -> null;
    OtlpMeterRegistry registry = OtlpMeterRegistry.builder(config)
        .metricsSender(request -> published.add(ExportMetricsServiceRequest.parseFrom(request.getMetricsData())))
        .build();
    binder.bindTo(registry);

    registry.close(); // publishes once, to the sender above

    Map<String, Metric> metrics = new java.util.TreeMap<>();
    published.forEach(request -> request.getResourceMetricsList().forEach(resource -> resource.getScopeMetricsList()
        .forEach(scope -> scope.getMetricsList().forEach(metric -> metrics.put(metric.getName(), metric)))));
    Metric save = metrics.get("shop.save.duration");
    assertThat(save.getHistogram().getDataPoints(0).getCount()).isEqualTo(7);
    assertThat(save.getHistogram().getDataPoints(0).getSum()).isEqualTo(6500.0); // the registry's milliseconds
    assertThat(save.getUnit()).isEqualTo("milliseconds");
    assertThat(metrics.get("shop.payload.size.count").getSum().getDataPoints(0).getAsDouble()).isEqualTo(3);
    assertThat(metrics.get("shop.payload.size.sum").getSum().getDataPoints(0).getAsDouble()).isEqualTo(1234);
    assertThat(metrics.get("shop.payload.size.sum").getUnit()).isEqualTo("bytes");
  }

  @Test
  void histogramNamedLikeAnotherValuesMeter_isSkippedAsAKindConflict() {
    runtime.createRecorder("s").registerMetric(fixed("payload.size", s -> s.counter("count", 1)));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    binder.bindTo(registry);

    Meter skipped = registry.find("mvx.runtime.collector.skipped").tags("reason", "kind_conflict").meter();

    assertThat(skipped).isNotNull();
    // one per refresh, and with no staleness every read refreshes
    assertThat(skipped.measure().iterator().next().getValue()).isPositive();
    assertThat(registry.find("shop.payload.size.count").tag("recorder", "s").functionCounter()).isNull();
  }
}
