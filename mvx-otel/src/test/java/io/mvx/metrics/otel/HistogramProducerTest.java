package io.mvx.metrics.otel;

import static io.mvx.metrics.otel.Exports.metric;
import static io.mvx.metrics.otel.Exports.recorder;
import static io.mvx.metrics.test.TestMetrics.fixed;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.Histogram;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.test.TestMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.time.TestClock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MvxOtelMetrics#metricProducer} in the real SDK, next to {@code register}. */
class HistogramProducerTest {

  private static final HistogramValue LATENCY =
      HistogramValue.of(new double[] {0.1, 1, 2.5}, new long[] {4, 0, 2, 1}, 6.5);

  private final MetricsRuntime runtime = MetricsRuntime.builder("shop").logPolicy(LogPolicy.SILENT).build();
  private final TestClock clock = TestClock.create();
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private SdkMeterProvider meterProvider;
  private MvxOtelMetrics registration;

  @BeforeEach
  void start() {
    runtime.start();
    meterProvider = SdkMeterProvider.builder().registerMetricReader(reader)
        .registerMetricProducer(new HistogramProducer(runtime, MvxOtelOptions.defaults(), clock)).build();
    registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));
  }

  @AfterEach
  void stop() {
    meterProvider.close();
    registration.close();
    runtime.close();
  }

  @Test
  void produce_explicitHistogram_isACumulativeHistogramWithBoundsCountsSumAndAttributes() {
    runtime.createRecorder("storage").registerMetric(fixed("save", s -> s.description("Save latency").unit("s")
        .histogram("duration", LATENCY, Map.of("outcome", "success"))));

    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(metric(data, "save.duration"))
        .hasInstrumentationScope(InstrumentationScopeInfo.create("shop"))
        .hasDescription("Save latency")
        .hasUnit("s")
        .hasHistogramSatisfying(histogram -> histogram.isCumulative().hasPointsSatisfying(point -> point
            .hasAttributes(Attributes.of(AttributeKey.stringKey("outcome"), "success",
                AttributeKey.stringKey("recorder"), "storage"))
            .hasBucketBoundaries(0.1, 1, 2.5)
            .hasBucketCounts(4, 0, 2, 1)
            .hasCount(7)
            .hasSum(6.5)
            .hasStartEpochNanos(clock.now())
            .hasEpochNanos(clock.now())));
  }

  @Test
  void produce_startTime_isTheFirstCollectionThatSawTheSeries_untilItVanishesOrItsCountGoesDown() {
    RuntimeRecorder recorder = runtime.createRecorder("r");
    recorder.registerMetric(new TestHistogramMetric("m", Histogram.withUpperBounds(1)));
    long first = clock.now();
    reader.collectAllMetrics();

    clock.advance(Duration.ofSeconds(10));
    recorder.registerEvent(new Observe(0.5));
    assertThat(metric(reader.collectAllMetrics(), "m.seconds")).hasHistogramSatisfying(histogram ->
        histogram.hasPointsSatisfying(point -> point.hasStartEpochNanos(first).hasEpochNanos(clock.now())));

    runtime.stopAndRemoveRecorder("r");
    reader.collectAllMetrics();
    clock.advance(Duration.ofSeconds(10));
    runtime.createRecorder("r").registerMetric(new TestHistogramMetric("m", Histogram.withUpperBounds(1)));
    long again = clock.now();
    assertThat(metric(reader.collectAllMetrics(), "m.seconds")).hasHistogramSatisfying(histogram ->
        histogram.hasPointsSatisfying(point -> point.hasStartEpochNanos(again).hasCount(0)));
  }

  @Test
  void produce_exponentialHistogram_carriesScaleZeroCountAndBothSides() {
    Histogram histogram = Histogram.exponential(160);
    for (double v : new double[] {0, 0, 1.5, 3, 100, -2}) {
      histogram.record(v);
    }
    HistogramValue value = histogram.snapshot();
    var buckets = value.exponential().orElseThrow();
    runtime.createRecorder("r").registerMetric(fixed("size", s -> s.unit("By").histogram("payload", value)));

    MetricData data = metric(reader.collectAllMetrics(), "size.payload");

    assertThat(data).hasUnit("By").hasExponentialHistogramSatisfying(exponential -> exponential.isCumulative()
        .hasPointsSatisfying(point -> point.hasScale(buckets.scale()).hasZeroCount(2).hasCount(6).hasSum(102.5)
            .hasAttributes(recorder("r"))
            .hasPositiveBucketsSatisfying(positive -> positive.hasOffset(buckets.positive().offset())
                .hasCounts(counts(buckets.positive())).hasTotalCount(3))
            .hasNegativeBucketsSatisfying(negative -> negative.hasOffset(buckets.negative().offset())
                .hasCounts(counts(buckets.negative())).hasTotalCount(1))));
  }

  @Test
  void register_exportsNoHistogram_theProducerExportsEachOnce() {
    runtime.createRecorder("a").registerMetric(fixed("h", s -> s.histogram("d", LATENCY).gauge("g", 1)));
    runtime.createRecorder("b").registerMetric(fixed("h", s -> s.histogram("d", LATENCY).gauge("g", 2)));

    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(data.stream().filter(m -> m.getName().equals("h.d")).toList()).singleElement()
        .satisfies(m -> assertThat(m).hasHistogramSatisfying(h -> h.hasPointsSatisfying(
            point -> point.hasAttributes(recorder("a")), point -> point.hasAttributes(recorder("b")))));
    assertThat(metric(data, "h.g").getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
    assertThat(skipped(data)).isEmpty();
  }

  @Test
  void produce_nameConflicts_firstInSnapshotOrderWins_andRegisterCountsTheSkips() {
    runtime.createRecorder("a").registerMetric(fixed("k", s -> s.gauge("x", 1)));
    runtime.createRecorder("b").registerMetric(fixed("k", s -> s.histogram("x", LATENCY)));
    runtime.createRecorder("c").registerMetric(fixed("j", s -> s.histogram("y", LATENCY)));
    runtime.createRecorder("d").registerMetric(fixed("j", s -> s.gauge("y", 1)));
    runtime.createRecorder("e").registerMetric(fixed("_bad", s -> s.histogram("x", LATENCY)));
    runtime.createRecorder("f").registerMetric(fixed("mvx.runtime", s -> s.histogram("recorders", LATENCY)));

    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(metric(data, "k.x").getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
    assertThat(metric(data, "j.y")).hasHistogramSatisfying(h -> h.hasPointsSatisfying(
        point -> point.hasAttributes(recorder("c"))));
    assertThat(data).noneMatch(m -> m.getName().equals("_bad.x"));
    assertThat(data).filteredOn(m -> m.getName().equals("mvx.runtime.recorders"))
        .singleElement().extracting(MetricData::getType).isEqualTo(MetricDataType.DOUBLE_GAUGE);
    assertThat(skipped(data)).containsEntry("kind_conflict", 2.0).containsEntry("invalid_name", 1.0)
        .containsEntry("name_conflict", 1.0);
  }

  @Test
  void produce_readsOneSnapshotPerCall() {
    TestMetrics.SnapshotCounting counting = new TestMetrics.SnapshotCounting("calls");
    runtime.createRecorder("r").registerMetric(counting);
    HistogramProducer producer = new HistogramProducer(runtime, MvxOtelOptions.defaults(), clock);
    runtime.snapshot(); // after whatever the registration set off on the processing thread
    int before = counting.calls();

    producer.produce(io.opentelemetry.sdk.resources.Resource.empty());
    producer.produce(io.opentelemetry.sdk.resources.Resource.empty());

    assertThat(counting.calls() - before).isEqualTo(2);
  }

  @Test
  void metricProducer_nullArguments_areNamed() {
    assertThatThrownBy(() -> MvxOtelMetrics.metricProducer(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("runtime");
    assertThatThrownBy(() -> MvxOtelMetrics.metricProducer(runtime, null))
        .isInstanceOf(NullPointerException.class).hasMessage("options");
  }

  private static java.util.List<Long> counts(io.mvx.metrics.snapshot.ExponentialBuckets.Side side) {
    java.util.List<Long> counts = new java.util.ArrayList<>();
    for (int i = 0; i < side.bucketCount(); i++) {
      counts.add(side.count(i));
    }
    return counts;
  }

  /** The skip counter's non-zero points by reason. */
  private static Map<String, Double> skipped(Collection<MetricData> data) {
    Map<String, Double> byReason = new java.util.TreeMap<>();
    Exports.points(metric(data, "mvx.runtime.collector.skipped")).forEach((attributes, value) -> {
      if (value > 0) {
        byReason.put(attributes.get(AttributeKey.stringKey("reason")), value);
      }
    });
    return byReason;
  }

  /** A histogram metric over a {@link Histogram} the test records into directly. */
  private record TestHistogramMetric(String metricName, Histogram seconds) implements io.mvx.metrics.Metric {
    @Override
    public boolean handleEvent(io.mvx.metrics.MetricEvent event) {
      if (event instanceof Observe observe) {
        seconds.record(observe.value());
        return true;
      }
      return false;
    }

    @Override
    public io.mvx.metrics.snapshot.MetricSnapshot snapshot() {
      return io.mvx.metrics.snapshot.MetricSnapshot.builder(metricName).unit("s")
          .histogram("seconds", seconds.snapshot()).build();
    }
  }

  /** One observation for {@link TestHistogramMetric}. */
  private record Observe(double value) implements io.mvx.metrics.MetricEvent {
    @Override
    public String eventType() {
      return "test.observe";
    }
  }
}
