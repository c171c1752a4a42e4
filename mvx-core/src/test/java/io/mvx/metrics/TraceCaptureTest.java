package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.TestMetrics.Tick;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** §7.4: the trace context is taken on the producing thread at registerEvent and handed to the metrics. */
class TraceCaptureTest {

  /** The span "current" on each test thread, as a tracer keeps it. */
  private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();

  private MetricsRuntime runtime;

  @AfterEach
  void shutdown() {
    if (runtime != null) {
      runtime.shutdown();
    }
  }

  /** Records what {@link TraceContext#current()} says for each event it handles. */
  static final class SeenTraces implements Metric {
    final List<TraceContext> seen = new ArrayList<>();
    final List<MetricEvent> events = new ArrayList<>();

    @Override
    public String metricName() {
      return "seen";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      seen.add(TraceContext.current());
      events.add(event);
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder("seen").counter("count", seen.size()).build();
    }
  }

  private RuntimeRecorder recorder(MetricsRuntime.Builder builder, RecorderOptions options, SeenTraces metric) {
    runtime = builder.build();
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("r", options);
    recorder.registerMetric(metric);
    return recorder;
  }

  @Test
  void exemplarsOn_metricSeesTheProducersSpan_andTheEventItself() throws Exception {
    SeenTraces metric = new SeenTraces();
    RuntimeRecorder recorder = recorder(MetricsRuntime.builder("trace.on").exemplars(true)
        .traceContextSupplier(CURRENT::get), RecorderOptions.defaults(), metric);
    TraceContext span = new TraceContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");
    Tick inSpan = new Tick(1);
    Tick outside = new Tick(2);

    CURRENT.set(span);
    recorder.registerEvent(inSpan);
    CURRENT.remove();
    recorder.registerEvent(outside);
    recorder.stop().get();

    assertThat(metric.seen).containsExactly(span, null);
    assertThat(metric.events).containsExactly(inSpan, outside); // never the engine's wrapper
    assertThat(TraceContext.current()).isNull(); // not the processing thread
  }

  @Test
  void exemplarsOff_byDefault_supplierNeverCalled() throws Exception {
    SeenTraces metric = new SeenTraces();
    RuntimeRecorder recorder = recorder(MetricsRuntime.builder("trace.off").traceContextSupplier(() -> {
      throw new AssertionError("called with exemplars off");
    }), RecorderOptions.defaults(), metric);

    recorder.registerEvent(new Tick(1));
    recorder.stop().get();

    assertThat(metric.seen).containsExactly((TraceContext) null);
  }

  @Test
  void recorderOptions_overrideTheRuntimesDefault() throws Exception {
    SeenTraces metric = new SeenTraces();
    TraceContext span = new TraceContext("1", "2");
    RuntimeRecorder recorder = recorder(MetricsRuntime.builder("trace.recorder").traceContextSupplier(() -> span),
        RecorderOptions.builder().exemplars(true).build(), metric);
    RuntimeRecorder quiet = runtime.createRecorder("quiet", RecorderOptions.builder().exemplars(false).build());
    SeenTraces quietMetric = new SeenTraces();
    quiet.registerMetric(quietMetric);

    recorder.registerEvent(new Tick(1));
    quiet.registerEvent(new Tick(1));
    recorder.stop().get();
    quiet.stop().get();

    assertThat(metric.seen).containsExactly(span);
    assertThat(quietMetric.seen).containsExactly((TraceContext) null);
  }

  @Test
  void throwingSupplier_keepsTheEventWithoutATrace() throws Exception {
    SeenTraces metric = new SeenTraces();
    RuntimeRecorder recorder = recorder(MetricsRuntime.builder("trace.throws").exemplars(true)
        .traceContextSupplier(() -> {
          throw new IllegalStateException("tracer broken");
        }), RecorderOptions.defaults(), metric);

    recorder.registerEvent(new Tick(1));
    recorder.stop().get();

    assertThat(metric.seen).containsExactly((TraceContext) null);
    assertThat(recorder.stats().processed()).isEqualTo(1);
  }

  @Test
  void exemplarsWithoutAnySupplier_areRefusedClearly() {
    // the core's tests have no OpenTelemetry API on the class path
    assertThatThrownBy(() -> MetricsRuntime.builder("trace.none").exemplars(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exemplars")
        .hasMessageContaining("io.opentelemetry.api.trace.Span");
    runtime = MetricsRuntime.builder("trace.none").build();
    runtime.start();
    assertThatThrownBy(() -> runtime.createRecorder("r", RecorderOptions.builder().exemplars(true).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'r'")
        .hasMessageContaining("traceContextSupplier");
  }

  @Test
  void traceContext_validatesItsIds() {
    assertThatThrownBy(() -> new TraceContext("", "b7ad6b7169203331"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("traceId");
    assertThatThrownBy(() -> new TraceContext("a", "x".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spanId").hasMessageContaining("65");
    assertThatThrownBy(() -> new TraceContext(null, "b")).isInstanceOf(NullPointerException.class)
        .hasMessage("traceId");
  }
}
