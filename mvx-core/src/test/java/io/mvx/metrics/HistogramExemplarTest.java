package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.snapshot.Exemplar;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** §7.4: histograms and EventMetrics counters keep the latest exemplar of each bucket and series. */
class HistogramExemplarTest {

  /** The span "current" on the test thread, as a tracer keeps it. */
  private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();
  private static final TraceContext FIRST = new TraceContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");
  private static final TraceContext SECOND = new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");

  private MetricsRuntime runtime;

  /** A save with its outcome and duration. */
  record Save(boolean ok, double seconds) implements MetricEvent {
    @Override
    public String eventType() {
      return "test.save";
    }
  }

  @AfterEach
  void shutdown() {
    if (runtime != null) {
      runtime.shutdown();
    }
  }

  private RuntimeRecorder recorder(boolean exemplars) {
    runtime = MetricsRuntime.builder("exemplars.test").exemplars(exemplars).traceContextSupplier(CURRENT::get)
        .build();
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("r");
    recorder.registerMetric(EventMetrics.builder("saves", Save.class)
        .label("outcome", save -> save.ok() ? "ok" : "failed", "ok", "failed")
        .count());
    recorder.registerMetric(EventMetrics.builder("save", Save.class).unit("s")
        .histogram("duration", Save::seconds, () -> Histogram.withUpperBounds(0.1, 1)));
    recorder.registerMetric(EventMetrics.builder("bytes", Save.class).sum("written", save -> 10));
    return recorder;
  }

  private static void emitIn(TraceContext trace, RuntimeRecorder recorder, Save save) {
    CURRENT.set(trace);
    try {
      recorder.registerEvent(save);
    } finally {
      CURRENT.remove();
    }
  }

  @Test
  void histogram_keepsTheLatestExemplarOfEachBucket() {
    RuntimeRecorder recorder = recorder(true);
    long before = System.currentTimeMillis();
    emitIn(FIRST, recorder, new Save(true, 0.05));
    emitIn(SECOND, recorder, new Save(true, 0.07)); // same bucket: the latest wins
    emitIn(FIRST, recorder, new Save(false, 3));
    recorder.registerEvent(new Save(true, 0.5)); // outside any span: no exemplar

    HistogramValue histogram = recorder.getMetricSnapshots().get("save").values().get(0).histogram().orElseThrow();
    long after = System.currentTimeMillis();

    assertThat(histogram.count()).isEqualTo(4);
    Exemplar low = histogram.exemplar(0).orElseThrow();
    assertThat(low.traceId()).isEqualTo(SECOND.traceId());
    assertThat(low.spanId()).isEqualTo(SECOND.spanId());
    assertThat(low.value()).isEqualTo(0.07);
    assertThat(low.epochMillis()).isBetween(before, after);
    assertThat(histogram.exemplar(1)).isEmpty();
    assertThat(histogram.exemplar(2).orElseThrow().value()).isEqualTo(3);
    assertThat(histogram.exemplar(2).orElseThrow().traceId()).isEqualTo(FIRST.traceId());
  }

  @Test
  void eventMetricsCounters_keepTheLatestExemplarPerSeries() {
    RuntimeRecorder recorder = recorder(true);
    emitIn(FIRST, recorder, new Save(true, 0.05));
    emitIn(SECOND, recorder, new Save(true, 0.05));
    recorder.registerEvent(new Save(false, 0.05));

    Map<String, MetricSnapshot> snapshots = recorder.getMetricSnapshots();
    MetricValue ok = snapshots.get("saves").values().get(0);
    MetricValue failed = snapshots.get("saves").values().get(1);
    assertThat(ok.labels()).containsEntry("outcome", "ok");
    assertThat(ok.exemplar().orElseThrow().traceId()).isEqualTo(SECOND.traceId());
    assertThat(ok.exemplar().orElseThrow().value()).isEqualTo(1);
    assertThat(failed.exemplar()).isEmpty();
    Exemplar written = snapshots.get("bytes").values().get(0).exemplar().orElseThrow();
    assertThat(written.spanId()).isEqualTo(SECOND.spanId());
    assertThat(written.value()).isEqualTo(10);
  }

  @Test
  void exemplarsOff_snapshotsCarryNone() {
    RuntimeRecorder recorder = recorder(false);
    emitIn(FIRST, recorder, new Save(true, 0.05));

    Map<String, MetricSnapshot> snapshots = recorder.getMetricSnapshots();
    assertThat(snapshots.get("save").values().get(0).histogram().orElseThrow().exemplars()).isEmpty();
    assertThat(snapshots.get("saves").values().get(0).exemplar()).isEmpty();
    assertThat(snapshots.get("bytes").values().get(0).exemplar()).isEmpty();
  }

  @Test
  void histogramOutsideTheProcessingThread_keepsNone() {
    Histogram histogram = Histogram.exponential(160, 1);
    histogram.record(0.5);

    assertThat(histogram.snapshot().exemplars()).isEmpty();
  }
}
