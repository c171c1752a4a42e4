package io.mvx.metrics.otel;

import static io.mvx.metrics.otel.Exports.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.EventMetrics;
import io.mvx.metrics.Histogram;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * §7.4: spans of a real OpenTelemetry SDK tracer, captured by the runtime from {@code Span.current()}, come out
 * of {@link MvxOtelMetrics#metricProducer} as the exemplars of the histogram points.
 */
class ExemplarProducerTest {

  /** A save and its duration. */
  record Save(double seconds) implements MetricEvent {
    @Override
    public String eventType() {
      return "test.save";
    }
  }

  /** The spans the test created, as the SDK exported them (the SDK starts no real span without a processor). */
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
      .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final Tracer tracer = tracerProvider.get("exemplar-test");
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private MetricsRuntime runtime;
  private SdkMeterProvider meterProvider;
  private RuntimeRecorder recorder;

  @BeforeEach
  void start() {
    runtime = MetricsRuntime.builder("shop").logPolicy(LogPolicy.SILENT).exemplars(true).build();
    runtime.start();
    meterProvider = SdkMeterProvider.builder().registerMetricReader(reader)
        .registerMetricProducer(MvxOtelMetrics.metricProducer(runtime)).build();
    recorder = runtime.createRecorder("storage");
    recorder.registerMetric(EventMetrics.builder("save", Save.class).unit("s")
        .histogram("duration", Save::seconds, () -> Histogram.withUpperBounds(0.1, 1)));
    recorder.registerMetric(EventMetrics.builder("save.native", Save.class).unit("s")
        .histogram("duration", Save::seconds, () -> Histogram.exponential(160)));
  }

  @AfterEach
  void stop() {
    meterProvider.close();
    runtime.close();
    tracerProvider.close();
  }

  /** Emits {@code save} inside a new span, as an instrumented application does; returns the span's context. */
  private SpanContext saveInSpan(Save save) {
    Span span = tracer.spanBuilder("save").startSpan();
    Scope scope = span.makeCurrent();
    try {
      recorder.registerEvent(save);
    } finally {
      scope.close();
      span.end();
    }
    return span.getSpanContext();
  }

  @Test
  void explicitHistogramPoints_carryTheLatestSpanOfEachBucket() {
    long before = System.currentTimeMillis();
    saveInSpan(new Save(0.05));
    SpanContext fast = saveInSpan(new Save(0.07));
    SpanContext slow = saveInSpan(new Save(3));
    recorder.registerEvent(new Save(0.5)); // outside any span
    recorder.getMetricSnapshots(); // read-your-writes: every event above is in the next collection

    Collection<MetricData> data = reader.collectAllMetrics();

    HistogramPointData point = metric(data, "save.duration").getHistogramData().getPoints().iterator().next();
    assertThat(point.getCount()).isEqualTo(4);
    List<DoubleExemplarData> exemplars = new ArrayList<>(point.getExemplars());
    assertThat(exemplars).extracting(DoubleExemplarData::getValue).containsExactly(0.07, 3.0);
    assertThat(exemplars).extracting(exemplar -> exemplar.getSpanContext().getTraceId())
        .containsExactly(fast.getTraceId(), slow.getTraceId());
    assertThat(exemplars).extracting(exemplar -> exemplar.getSpanContext().getSpanId())
        .containsExactly(fast.getSpanId(), slow.getSpanId());
    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getSpanId)
        .contains(fast.getSpanId(), slow.getSpanId());
    assertThat(exemplars.get(0).getSpanContext().isSampled()).isTrue();
    assertThat(exemplars.get(0).getFilteredAttributes().isEmpty()).isTrue();
    assertThat(exemplars.get(0).getEpochNanos() / 1_000_000).isBetween(before, System.currentTimeMillis());
  }

  @Test
  void exponentialHistogramPoints_carryTheLatestSpan() {
    saveInSpan(new Save(0.05));
    SpanContext latest = saveInSpan(new Save(2));
    recorder.getMetricSnapshots();

    Collection<MetricData> data = reader.collectAllMetrics();

    ExponentialHistogramPointData point =
        metric(data, "save.native.duration").getExponentialHistogramData().getPoints().iterator().next();
    assertThat(point.getExemplars()).singleElement().satisfies(exemplar -> {
      assertThat(exemplar.getSpanContext().getTraceId()).isEqualTo(latest.getTraceId());
      assertThat(exemplar.getSpanContext().getSpanId()).isEqualTo(latest.getSpanId());
      assertThat(exemplar.getValue()).isEqualTo(2.0);
    });
  }

  @Test
  void withoutSpans_pointsCarryNoExemplars() {
    recorder.registerEvent(new Save(0.05));
    recorder.getMetricSnapshots();

    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(metric(data, "save.duration").getHistogramData().getPoints().iterator().next().getExemplars())
        .isEmpty();
  }
}
