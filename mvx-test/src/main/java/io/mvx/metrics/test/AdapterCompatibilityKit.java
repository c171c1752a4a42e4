package io.mvx.metrics.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mvx.metrics.Histogram;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.example.DocumentStorage;
import io.mvx.metrics.example.TcpStreamBytesReceivedMetric;
import io.mvx.metrics.example.TcpStreamBytesReceivedMetric.BytesReceived;
import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The expectations every adapter is held to, in the spirit of {@code micrometer-test}: each adapter's test
 * module extends this kit and says how to bind the adapter to a runtime and how to take and read one
 * collection; a new adapter gets the whole kit that way. Histograms are held to what the backend can carry:
 * an adapter says so by overriding {@link #histogramSupport()}.
 *
 * <pre>{@code
 * class PrometheusCompatibilityTest extends AdapterCompatibilityKit {
 *   protected BoundAdapter bind(MetricsRuntime runtime) { ... }
 * }
 * }</pre>
 */
public abstract class AdapterCompatibilityKit {

  /** An adapter bound to a runtime. */
  public interface BoundAdapter extends AutoCloseable {
    /**
     * Takes one collection (a scrape) and reads it back.
     *
     * @return what the collection exported
     */
    SeriesReader collect();

    /** Unbinds the adapter; idempotent. */
    @Override
    void close();
  }

  /** Every reason label of the skip counter, in the convention's order. */
  public static final List<String> SKIP_REASONS = List.of("snapshot_failed", "kind_conflict", "label_conflict",
      "name_conflict", "duplicate_series", "unit_conflict", "invalid_name");

  /** For subclasses. */
  protected AdapterCompatibilityKit() {}

  /**
   * Binds the adapter under test to {@code runtime}.
   *
   * @param runtime a started runtime
   * @return the bound adapter
   */
  protected abstract BoundAdapter bind(MetricsRuntime runtime);

  /**
   * What of a histogram the adapter's backend carries: every adapter exports the count and the sum; by default
   * it must also export every classic bucket, and no exponential one ({@link HistogramSupport#CLASSIC}).
   *
   * @return the adapter's histogram support
   */
  protected HistogramSupport histogramSupport() {
    return HistogramSupport.CLASSIC;
  }

  private MetricsRuntime runtime;
  private BoundAdapter adapter;

  @BeforeEach
  final void startRuntime() {
    runtime = MetricsRuntime.builder("compat.metrics").logPolicy(LogPolicy.SILENT).build();
    runtime.start();
  }

  @AfterEach
  final void shutdown() {
    if (adapter != null) {
      adapter.close();
    }
    runtime.shutdown();
  }

  @Test
  void everySnapshotValue_isExportedWithItsValue() {
    adapter = bind(runtime);
    DocumentStorage storage = new DocumentStorage(runtime.createRecorder("document_storage"));
    storage.saveDocument("doc-001", "First document");
    storage.saveDocument("doc-002", "Second document");
    try {
      storage.saveDocument("doc-003", "");
    } catch (IllegalArgumentException expected) {
      // counted as a failure
    }
    for (int i = 1; i <= 3; i++) {
      RuntimeRecorder connection = runtime.createRecorder("connection-00" + i);
      connection.registerMetric(new TcpStreamBytesReceivedMetric());
      connection.registerMetric(new LabelledTraffic());
      connection.registerEvent(new BytesReceived(1000L * i));
    }

    RuntimeSnapshot snapshot = runtime.snapshot();
    SeriesReader exported = adapter.collect();

    int compared = 0;
    for (Map.Entry<String, Map<String, MetricSnapshot>> recorder : snapshot.recorders().entrySet()) {
      for (MetricSnapshot metric : recorder.getValue().values()) {
        for (MetricValue value : metric.values()) {
          assertThat(exported.value(recorder.getKey(), metric, value))
              .as("%s / %s / %s%s", recorder.getKey(), metric.name(), value.dimension(), value.labels())
              .hasValue(value.value());
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(6 + 3 * 4);
  }

  @Test
  void runtimeStatistics_areExported() {
    adapter = bind(runtime);
    RuntimeRecorder recorder = runtime.createRecorder("stats");
    recorder.registerMetric(new TcpStreamBytesReceivedMetric());
    recorder.registerEvent(new BytesReceived(1));
    recorder.registerEvent(new BytesReceived(2));
    runtime.stopRecorder("stats");
    recorder.registerEvent(new BytesReceived(3)); // rejected

    RuntimeStats stats = runtime.stats();
    SeriesReader exported = adapter.collect();

    assertThat(exported.runtimeStat("accepted")).hasValue(stats.accepted()).hasValue(2);
    assertThat(exported.runtimeStat("processed")).hasValue(2);
    assertThat(exported.runtimeStat("rejected")).hasValue(1);
    assertThat(exported.runtimeStat("dropped")).hasValue(0);
    assertThat(exported.runtimeStat("handler_errors")).hasValue(0);
    assertThat(exported.runtimeStat("pending")).hasValue(0);
    assertThat(exported.runtimeStat("recorders")).hasValue(1);
  }

  @Test
  void recorderCreatedAfterBinding_appears_andRemovedOne_vanishes() {
    adapter = bind(runtime);
    RuntimeRecorder early = runtime.createRecorder("connection-early");
    early.registerMetric(new TcpStreamBytesReceivedMetric());
    adapter.collect();

    RuntimeRecorder late = runtime.createRecorder("connection-late");
    late.registerMetric(new TcpStreamBytesReceivedMetric());
    late.registerEvent(new BytesReceived(42));
    MetricSnapshot received = late.getMetricSnapshots().get("tcp_stream.bytes.received");

    SeriesReader exported = adapter.collect();
    assertThat(exported.value("connection-late", received, received.values().get(0))).hasValue(42);
    assertThat(exported.seriesOf("connection-early")).isEqualTo(1);

    runtime.stopAndRemoveRecorder("connection-early");

    assertThat(adapter.collect().seriesOf("connection-early")).isZero();
    assertThat(adapter.collect().seriesOf("connection-late")).isEqualTo(1);
  }

  @Test
  void close_stopsExporting() {
    adapter = bind(runtime);
    RuntimeRecorder recorder = runtime.createRecorder("closing");
    recorder.registerMetric(new TcpStreamBytesReceivedMetric());
    assertThat(adapter.collect().seriesOf("closing")).isEqualTo(1);

    adapter.close();

    assertThat(adapter.collect().seriesOf("closing")).isZero();
    OptionalDouble accepted = adapter.collect().runtimeStat("accepted");
    assertThat(accepted).isEmpty();
  }

  @Test
  void conflictingSeries_areSkippedAndCountedAlike_firstInSnapshotOrderWins() {
    adapter = bind(runtime);
    runtime.createRecorder("a").registerMetric(TestMetrics.fixed("conflict.kind", s -> s.counter("value", 1)));
    runtime.createRecorder("b").registerMetric(TestMetrics.fixed("conflict.kind", s -> s.gauge("value", 2)));
    for (String id : List.of("c", "d")) {
      RuntimeRecorder recorder = runtime.createRecorder(id);
      recorder.registerMetric(TestMetrics.fixed("dup.a", s -> s.gauge("b", 3)));
      recorder.registerMetric(TestMetrics.fixed("dup", s -> s.gauge("a.b", 4)));
    }

    SeriesReader exported = adapter.collect();

    for (String reason : SKIP_REASONS) {
      double expected = switch (reason) {
        case "kind_conflict" -> 1;
        case "duplicate_series" -> 2;
        default -> 0;
      };
      assertThat(exported.skipped(reason)).as(reason).hasValue(expected);
    }
    MetricSnapshot first = runtime.snapshot().recorders().get("a").get("conflict.kind");
    assertThat(exported.value("a", first, first.values().get(0))).hasValue(1);
    MetricSnapshot firstDuplicate = runtime.snapshot().recorders().get("c").get("dup.a");
    assertThat(exported.value("c", firstDuplicate, firstDuplicate.values().get(0))).hasValue(3);
  }

  @Test
  void histograms_countAndSumAgreeWithTheSnapshot_bucketsWhereTheBackendCarriesThem() {
    adapter = bind(runtime);
    HistogramValue fast = HistogramValue.of(new double[] {0.005, 0.1, 1, 2.5}, new long[] {3, 4, 0, 2, 1}, 7.125);
    HistogramValue slow = HistogramValue.of(new double[] {0.005, 0.1, 1, 2.5}, new long[] {0, 0, 1, 5, 2}, 19.5);
    Histogram sizes = Histogram.exponential(160);
    Histogram both = Histogram.exponential(160, 0.5, 1, 5);
    for (double observation : new double[] {0, 0.3, 0.7, 1.5, 3, 900, -2, -0.25}) {
      sizes.record(observation * 1000);
      both.record(observation);
    }
    RuntimeRecorder api = runtime.createRecorder("api");
    api.registerMetric(TestMetrics.fixed("request.latency", s -> s.description("Request latency").unit("s")
        .histogram("duration", fast, Map.of("route", "/a"))
        .histogram("duration", slow, Map.of("route", "/b"))));
    api.registerMetric(TestMetrics.fixed("request.size", s -> s.unit("By").histogram("payload", sizes.snapshot())));
    api.registerMetric(TestMetrics.fixed("request.delay", s -> s.unit("ms").histogram("queued", both.snapshot())));
    runtime.createRecorder("worker").registerMetric(TestMetrics.fixed("request.latency", s -> s.unit("s")
        .histogram("duration", slow, Map.of("route", "/a"))));

    RuntimeSnapshot snapshot = runtime.snapshot();
    SeriesReader exported = adapter.collect();

    HistogramSupport support = histogramSupport();
    int compared = 0;
    for (Map.Entry<String, Map<String, MetricSnapshot>> recorder : snapshot.recorders().entrySet()) {
      for (MetricSnapshot metric : recorder.getValue().values()) {
        for (MetricValue value : metric.values()) {
          if (value.kind() != ValueKind.HISTOGRAM) {
            continue;
          }
          String series = recorder.getKey() + " / " + metric.name() + " / " + value.dimension() + value.labels();
          HistogramValue expected = value.histogram().orElseThrow();
          Optional<ExportedHistogram> found = exported.histogram(recorder.getKey(), metric, value);
          assertThat(found).as(series).isPresent();
          assertThat(found.get().count()).as("count of %s", series).isEqualTo(expected.count());
          assertThat(found.get().sum()).as("sum of %s", series)
              .isCloseTo(expected.sum(), within(1e-9 * Math.max(1, Math.abs(expected.sum()))));
          assertThat(exported.value(recorder.getKey(), metric, value)).as("value of %s", series)
              .hasValue(expected.count());
          if (support.carriesClassicBuckets(expected)) {
            assertThat(found.get().classicBuckets()).as("buckets of %s", series)
                .isEqualTo(ExportedHistogram.classicBucketsOf(expected));
          }
          if (support.carriesExponentialBuckets(expected)) {
            ExponentialBuckets buckets = expected.exponential().orElseThrow();
            assertThat(found.get().exponential()).as("exponential buckets of %s", series).isPresent();
            ExponentialBuckets carried = found.get().exponential().get();
            assertThat(carried.scale()).as("scale of %s", series).isLessThanOrEqualTo(buckets.scale());
            assertThat(carried).as("exponential buckets of %s", series).isEqualTo(buckets.downscale(carried.scale()));
          }
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(5);
    assertThat(exported.skipped("kind_conflict")).hasValue(0);
  }

  /** A metric with labelled values: traffic by direction. */
  static final class LabelledTraffic implements Metric {
    private long in;

    @Override
    public String metricName() {
      return "tcp_stream.traffic";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      if (!(event instanceof BytesReceived received)) {
        return false;
      }
      in += received.size();
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder(metricName())
          .description("Bytes by direction")
          .unit("By")
          .counter("bytes_total", in, Map.of("direction", "in"))
          .counter("bytes_total", 0, Map.of("direction", "out"))
          .gauge("open", 1)
          .build();
    }
  }
}
