package io.mvx.metrics.prometheus;

import static io.mvx.metrics.test.TestMetrics.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.Exemplar;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.test.Promtool;
import io.mvx.metrics.test.TextExposition;
import io.prometheus.client.CollectorRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** §7.4: simpleclient's model carries exemplars on samples; its OpenMetrics writer writes them, 0.0.4 not. */
class MvxCollectorExemplarsTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN = "b7ad6b7169203331";
  private static final long MILLIS = 1_700_000_000_123L;

  private MetricsRuntime runtime;
  private CollectorRegistry registry;

  @BeforeEach
  void start() {
    runtime = MetricsRuntime.builder("shop").logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    registry = new CollectorRegistry();
    new MvxCollector(runtime).register(registry);
    RuntimeRecorder recorder = runtime.createRecorder("r");
    HistogramValue latency = HistogramValue.of(new double[] {0.1, 1}, new long[] {2, 1, 1}, 3.3)
        .withExemplars(List.of(new Exemplar(TRACE, SPAN, 0.5, MILLIS)));
    recorder.registerMetric(fixed("save", s -> s.unit("s").histogram("duration", latency)
        .counter("total", 4, Map.of(), new Exemplar(TRACE, SPAN, 1, MILLIS))));
    // ids too long for OpenMetrics' 128 characters of exemplar labels: left out, the series stays
    recorder.registerMetric(fixed("long", s -> s.counter("total", 1, Map.of(),
        new Exemplar("t".repeat(64), "s".repeat(64), 1, MILLIS))));
  }

  @AfterEach
  void stop() {
    runtime.shutdown();
  }

  @Test
  void openMetrics_carriesTheBucketsAndTheCountersExemplars_andParsesStrictly() {
    String text = TextExposition.writeOpenMetrics(registry);

    Map<String, TextExposition.Exemplar> exemplars = TextExposition.samples(TextExposition.parseOpenMetrics(text))
        .stream().filter(sample -> sample.exemplar().isPresent())
        .collect(Collectors.toMap(sample -> sample.name() + sample.labels(), sample -> sample.exemplar().get()));

    assertThat(exemplars).containsOnlyKeys("shop_save_duration_seconds_bucket{recorder=r, le=1.0}",
        "shop_save_seconds_total{recorder=r}");
    TextExposition.Exemplar bucket = exemplars.get("shop_save_duration_seconds_bucket{recorder=r, le=1.0}");
    assertThat(bucket.labels()).isEqualTo(Map.of("trace_id", TRACE, "span_id", SPAN));
    assertThat(bucket.value()).isEqualTo(0.5);
    assertThat(bucket.timestampSeconds()).hasValue(1_700_000_000.123);
    assertThat(text).contains("shop_long_total{recorder=\"r\"} 1.0\n");
  }

  @Test
  void text004_hasNoExemplars_andPromtoolIsClean() {
    String text = TextExposition.write004(registry);

    assertThat(text).doesNotContain(TRACE);
    assertThat(TextExposition.parse(text).families()).isNotEmpty();
    Promtool.Result result = Promtool.checkMetrics(text);
    assertThat(result.clean()).as("promtool: %s", result).isTrue();
  }
}
