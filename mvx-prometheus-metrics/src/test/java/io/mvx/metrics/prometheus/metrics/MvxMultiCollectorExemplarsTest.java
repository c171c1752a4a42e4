package io.mvx.metrics.prometheus.metrics;

import static io.mvx.metrics.test.TestMetrics.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.Exemplar;
import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.test.PrometheusMetricsText;
import io.mvx.metrics.test.Promtool;
import io.mvx.metrics.test.TextExposition;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** §7.4: exemplars in OpenMetrics text and protobuf, classic and native buckets; none in text 0.0.4. */
class MvxMultiCollectorExemplarsTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN = "b7ad6b7169203331";
  private static final long MILLIS = 1_700_000_000_123L;

  private MetricsRuntime runtime;
  private PrometheusRegistry registry;

  @BeforeEach
  void runtimeWithExemplars() {
    runtime = MetricsRuntime.builder("shop").logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("r");
    HistogramValue classic = HistogramValue.of(new double[] {0.1, 1}, new long[] {2, 1, 1}, 3.3)
        .withExemplars(List.of(new Exemplar(TRACE, SPAN, 0.05, MILLIS), new Exemplar(TRACE, "00f067aa0ba902b7", 3,
            MILLIS)));
    ExponentialBuckets buckets = ExponentialBuckets.of(0, 0, 0, new long[] {1, 1}, 0, new long[0]);
    HistogramValue nativeOnly = HistogramValue.of(new double[0], new long[] {2}, 5, buckets)
        .withExemplars(List.of(new Exemplar(TRACE, SPAN, 3, MILLIS)));
    recorder.registerMetric(fixed("save", s -> s.unit("s").histogram("duration", classic)));
    recorder.registerMetric(fixed("size", s -> s.histogram("bytes", nativeOnly)));
    recorder.registerMetric(fixed("saves", s -> s.counter("total", 4, Map.of("outcome", "ok"),
        new Exemplar(TRACE, SPAN, 1, MILLIS)).counter("total", 1, Map.of("outcome", "failed"))));
    registry = new PrometheusRegistry();
    registry.register(new MvxMultiCollector(runtime));
  }

  @AfterEach
  void shutdown() {
    runtime.shutdown();
  }

  private static Map<String, TextExposition.Exemplar> exemplarsBySample(String openMetrics) {
    return TextExposition.samples(TextExposition.parseOpenMetrics(openMetrics)).stream()
        .filter(sample -> sample.exemplar().isPresent())
        .collect(Collectors.toMap(sample -> sample.name() + sample.labels(), sample -> sample.exemplar().get()));
  }

  @Test
  void openMetricsText_carriesEachExemplarOnItsBucketAndTotal_andParsesStrictly() {
    String text = PrometheusMetricsText.writeOpenMetrics(registry);

    Map<String, TextExposition.Exemplar> exemplars = exemplarsBySample(text);

    assertThat(exemplars).containsOnlyKeys(
        "shop_save_duration_seconds_bucket{recorder=r, le=0.1}",
        "shop_save_duration_seconds_bucket{recorder=r, le=+Inf}",
        "shop_size_bytes_bucket{recorder=r, le=+Inf}",
        "shop_saves_total{outcome=ok, recorder=r}");
    TextExposition.Exemplar low = exemplars.get("shop_save_duration_seconds_bucket{recorder=r, le=0.1}");
    assertThat(low.labels()).isEqualTo(Map.of("trace_id", TRACE, "span_id", SPAN));
    assertThat(low.value()).isEqualTo(0.05);
    assertThat(low.timestampSeconds()).hasValue(1_700_000_000.123);
    assertThat(exemplars.get("shop_save_duration_seconds_bucket{recorder=r, le=+Inf}").labels())
        .containsEntry("span_id", "00f067aa0ba902b7");
    assertThat(exemplars.get("shop_saves_total{outcome=ok, recorder=r}").value()).isEqualTo(1);
  }

  @Test
  void text004_hasNoExemplars_andPromtoolIsClean() {
    String text = PrometheusMetricsText.write004(registry);

    assertThat(text).doesNotContain(TRACE).doesNotContain(" # ");
    assertThat(TextExposition.parse(text).families()).isNotEmpty();
    Promtool.Result result = Promtool.checkMetrics(text);
    assertThat(result.clean()).as("promtool: %s", result).isTrue();
  }

  @Test
  void protobuf_carriesTheExemplars_ofClassicBuckets_counters_andNativeHistograms() {
    String debug = new PrometheusProtobufWriter().toDebugString(registry.scrape(), EscapingScheme.DEFAULT);

    assertThat(debug).contains("name: \"shop_save_duration_seconds\"", "name: \"shop_saves_total\"");
    // classic buckets 0.1 and +Inf, the counter, and the native-only histogram's exemplar
    assertThat(debug.split("exemplar \\{", -1).length - 1).as(debug).isGreaterThanOrEqualTo(4);
    assertThat(debug).contains("value: \"" + TRACE + "\"", "value: \"00f067aa0ba902b7\"");
  }
}
