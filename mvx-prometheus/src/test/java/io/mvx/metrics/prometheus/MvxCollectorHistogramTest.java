package io.mvx.metrics.prometheus;

import static io.mvx.metrics.test.TestMetrics.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mvx.metrics.Histogram;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.test.PrometheusReader;
import io.mvx.metrics.test.Promtool;
import io.mvx.metrics.test.TextExposition;
import io.prometheus.client.CollectorRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HISTOGRAM values as simpleclient histogram families: buckets, count, sum, names and skips. */
class MvxCollectorHistogramTest {

  private static final HistogramValue LATENCY =
      HistogramValue.of(new double[] {0.005, 0.1, 1, 2.5}, new long[] {1, 3, 0, 2, 1}, 9.75);

  private MetricsRuntime runtime;
  private CollectorRegistry registry;

  @BeforeEach
  void start() {
    runtime = MetricsRuntime.builder("shop").logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    registry = new CollectorRegistry();
    new MvxCollector(runtime).register(registry);
  }

  @AfterEach
  void stop() {
    runtime.shutdown();
  }

  @Test
  void collect_histogram_isAFamilyOfCumulativeBucketsThenCountAndSum_namedWithItsUnit() {
    runtime.createRecorder("storage").registerMetric(fixed("save", s -> s.description("Save latency").unit("s")
        .histogram("duration", LATENCY, Map.of("outcome", "success"))));

    String text = TextExposition.write004(registry);

    String labels = "recorder=\"storage\",outcome=\"success\",";
    assertThat(text).contains(String.join("\n",
        "# HELP shop_save_duration_seconds Save latency",
        "# TYPE shop_save_duration_seconds histogram",
        "shop_save_duration_seconds_bucket{" + labels + "le=\"0.005\",} 1.0",
        "shop_save_duration_seconds_bucket{" + labels + "le=\"0.1\",} 4.0",
        "shop_save_duration_seconds_bucket{" + labels + "le=\"1.0\",} 4.0",
        "shop_save_duration_seconds_bucket{" + labels + "le=\"2.5\",} 6.0",
        "shop_save_duration_seconds_bucket{" + labels + "le=\"+Inf\",} 7.0",
        "shop_save_duration_seconds_count{" + labels + "} 7.0",
        "shop_save_duration_seconds_sum{" + labels + "} 9.75",
        ""));
    assertThat(TextExposition.parse(text).families()).anySatisfy(family -> {
      assertThat(family.name()).isEqualTo("shop_save_duration_seconds");
      assertThat(family.type()).isEqualTo("histogram");
    });
    List<TextExposition.Family> openMetrics =
        TextExposition.parseOpenMetrics(TextExposition.writeOpenMetrics(registry));
    assertThat(openMetrics).anySatisfy(family -> {
      assertThat(family.name()).isEqualTo("shop_save_duration_seconds");
      assertThat(family.unit()).isEqualTo("seconds");
      assertThat(family.samples()).hasSize(7);
    });
  }

  @Test
  void collect_histogramsOfARealMetric_passPromtoolCheckMetrics() {
    Promtool promtool = Promtool.require();
    Histogram seconds = Histogram.defaultLatencySeconds();
    for (int i = 0; i < 100; i++) {
      seconds.record(i * 0.013);
    }
    for (String id : List.of("a", "b [1]")) {
      runtime.createRecorder(id).registerMetric(fixed("document_storage.save.duration",
          s -> s.description("Save duration").unit("s").histogram("seconds", seconds.snapshot())));
    }
    String text = TextExposition.write004(registry);

    assertThat(text).contains("shop_document_storage_save_duration_seconds_bucket{recorder=\"b [1]\",le=\"0.005\",}");
    Promtool.Result result = promtool.check(text);
    assertThat(result.clean()).as("promtool: %s%n%s", result, text).isTrue();
  }

  @Test
  void collect_exponentialOnlyHistogram_exportsItsClassicView_thePlusInfBucket() {
    Histogram exponential = Histogram.exponential(160);
    exponential.record(0.25);
    exponential.record(3);
    runtime.createRecorder("r").registerMetric(fixed("size", s -> s.unit("By").histogram("request", exponential.snapshot())));

    PrometheusReader scrape = PrometheusReader.of("shop", registry);

    assertThat(scrape.scrape().samples()).filteredOn(sample -> sample.name().startsWith("shop_size_request_bytes"))
        .extracting(TextExposition.Sample::name, sample -> sample.labels().get("le"), TextExposition.Sample::value)
        .containsExactly(
            tuple("shop_size_request_bytes_bucket", "+Inf", 2.0),
            tuple("shop_size_request_bytes_count", null, 2.0),
            tuple("shop_size_request_bytes_sum", null, 3.25));
  }

  @Test
  void collect_histogramAndAFamilyNamedLikeItsSamples_firstWins_theOtherIsANameConflict() {
    RuntimeRecorder first = runtime.createRecorder("first");
    first.registerMetric(fixed("h", s -> s.histogram("d", LATENCY)));
    first.registerMetric(fixed("h.d", s -> s.gauge("bucket", 1).counter("count", 2).gauge("sum", 3)));
    RuntimeRecorder second = runtime.createRecorder("second");
    second.registerMetric(fixed("g.x", s -> s.gauge("count", 4)));
    second.registerMetric(fixed("g", s -> s.histogram("x", LATENCY)));

    PrometheusReader scrape = PrometheusReader.of("shop", registry);

    assertThat(scrape.skipped("name_conflict")).hasValue(4);
    assertThat(scrape.scrape().value("shop_h_d_count", Map.of("recorder", "first"))).hasValue(7);
    assertThat(scrape.scrape().value("shop_g_x_count", Map.of("recorder", "second"))).hasValue(4);
    assertThat(scrape.scrape().families()).extracting(TextExposition.Family::name)
        .doesNotContain("shop_h_d_bucket", "shop_h_d_sum", "shop_g_x");
  }

  @Test
  void collect_histogramAndGaugeOfOneFamily_isAKindConflict() {
    runtime.createRecorder("a").registerMetric(fixed("m", s -> s.histogram("d", LATENCY)));
    runtime.createRecorder("b").registerMetric(fixed("m", s -> s.gauge("d", 1)));

    PrometheusReader scrape = PrometheusReader.of("shop", registry);

    assertThat(scrape.skipped("kind_conflict")).hasValue(1);
    assertThat(scrape.scrape().value("shop_m_d_count", Map.of("recorder", "a"))).hasValue(7);
  }
}
