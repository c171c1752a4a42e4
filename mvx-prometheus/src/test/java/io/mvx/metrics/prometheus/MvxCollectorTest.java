package io.mvx.metrics.prometheus;

import static io.mvx.metrics.test.TestMetrics.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mvx.metrics.test.TestMetrics;
import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.test.TextExposition.Family;
import io.mvx.metrics.test.TextExposition.Sample;
import io.mvx.metrics.example.DocumentStorage;
import io.mvx.metrics.example.TcpConnection;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MvxCollectorTest {

  private final List<MetricsRuntime> runtimes = new ArrayList<>();

  @AfterEach
  void shutDownRuntimes() {
    runtimes.forEach(MetricsRuntime::shutdown);
  }

  private MetricsRuntime started(String namespace) {
    MetricsRuntime runtime = new MetricsRuntime(namespace);
    runtimes.add(runtime);
    runtime.start();
    return runtime;
  }

  private static CollectorRegistry registryWith(MvxCollector collector) {
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(collector);
    return registry;
  }

  @Test
  void collect_seedAndConnectionMetrics_areWrittenLineByLineAsInTheSnapshot() {
    MetricsRuntime runtime = started("example.metrics");
    DocumentStorage storage = new DocumentStorage(runtime.createRecorder("document_storage"));
    storage.saveDocument("doc-001", "First document");
    storage.saveDocument("doc-002", "Second document");
    assertThatThrownBy(() -> storage.saveDocument("doc-003", " ")).isInstanceOf(IllegalArgumentException.class);
    TcpConnection first = new TcpConnection(runtime.createRecorder("tcp-1"));
    first.received(new byte[1000]);
    first.received(new byte[500]);
    new TcpConnection(runtime.createRecorder("tcp-2")).received(new byte[42]);

    String text = TextExposition.write004(registryWith(new MvxCollector(runtime)));

    MetricSnapshot duration =
        runtime.snapshot().recorders().get("document_storage").get("document_storage.save.average_duration");
    String durationMs = Double.toString(duration.value("duration_ms_total").getAsDouble());
    String averageMs = Double.toString(duration.value("average_duration_ms").getAsDouble());
    String ds = "{recorder=\"document_storage\",}";
    String ns = "{namespace=\"example.metrics\",";
    List<String> expected = new ArrayList<>(List.of(
        "# HELP example_metrics_document_storage_save_attempts_total Document save attempts by outcome",
        "# TYPE example_metrics_document_storage_save_attempts_total counter",
        "example_metrics_document_storage_save_attempts_total" + ds + " 3.0",
        "# HELP example_metrics_document_storage_save_attempts_success_total Document save attempts by outcome",
        "# TYPE example_metrics_document_storage_save_attempts_success_total counter",
        "example_metrics_document_storage_save_attempts_success_total" + ds + " 2.0",
        "# HELP example_metrics_document_storage_save_attempts_failure_total Document save attempts by outcome",
        "# TYPE example_metrics_document_storage_save_attempts_failure_total counter",
        "example_metrics_document_storage_save_attempts_failure_total" + ds + " 1.0",
        "# HELP example_metrics_document_storage_save_average_duration_milliseconds_total Document save durations",
        "# TYPE example_metrics_document_storage_save_average_duration_milliseconds_total counter",
        "example_metrics_document_storage_save_average_duration_milliseconds_total" + ds + " 3.0",
        "# HELP example_metrics_document_storage_save_average_duration_duration_ms_milliseconds_total Document save durations",
        "# TYPE example_metrics_document_storage_save_average_duration_duration_ms_milliseconds_total counter",
        "example_metrics_document_storage_save_average_duration_duration_ms_milliseconds_total" + ds + " " + durationMs,
        "# HELP example_metrics_document_storage_save_average_duration_average_duration_ms_milliseconds Document save durations",
        "# TYPE example_metrics_document_storage_save_average_duration_average_duration_ms_milliseconds gauge",
        "example_metrics_document_storage_save_average_duration_average_duration_ms_milliseconds" + ds + " " + averageMs,
        "# HELP example_metrics_tcp_stream_bytes_received_bytes_total Bytes received on the connection",
        "# TYPE example_metrics_tcp_stream_bytes_received_bytes_total counter",
        "example_metrics_tcp_stream_bytes_received_bytes_total{recorder=\"tcp-1\",} 1500.0",
        "example_metrics_tcp_stream_bytes_received_bytes_total{recorder=\"tcp-2\",} 42.0",
        "# HELP mvx_runtime_events_accepted_total Events taken into a recorder queue",
        "# TYPE mvx_runtime_events_accepted_total counter",
        "mvx_runtime_events_accepted_total" + ns + "} 6.0",
        "# HELP mvx_runtime_events_dropped_total Events refused because a recorder queue or the whole runtime"
            + " was full",
        "# TYPE mvx_runtime_events_dropped_total counter",
        "mvx_runtime_events_dropped_total" + ns + "} 0.0",
        "# HELP mvx_runtime_events_dropped_buffer_full_total Dropped events refused because the whole runtime"
            + " held eventBufferCapacity pending events",
        "# TYPE mvx_runtime_events_dropped_buffer_full_total counter",
        "mvx_runtime_events_dropped_buffer_full_total" + ns + "} 0.0",
        "# HELP mvx_runtime_events_rejected_total Events refused because their recorder was not running",
        "# TYPE mvx_runtime_events_rejected_total counter",
        "mvx_runtime_events_rejected_total" + ns + "} 0.0",
        "# HELP mvx_runtime_events_processed_total Accepted events delivered to every metric of their recorder",
        "# TYPE mvx_runtime_events_processed_total counter",
        "mvx_runtime_events_processed_total" + ns + "} 6.0",
        "# HELP mvx_runtime_handler_errors_total Exceptions thrown by metrics, snapshots and listeners",
        "# TYPE mvx_runtime_handler_errors_total counter",
        "mvx_runtime_handler_errors_total" + ns + "} 0.0",
        "# HELP mvx_runtime_events_pending Accepted events not yet processed",
        "# TYPE mvx_runtime_events_pending gauge",
        "mvx_runtime_events_pending" + ns + "} 0.0",
        "# HELP mvx_runtime_recorders Recorders registered in the runtime",
        "# TYPE mvx_runtime_recorders gauge",
        "mvx_runtime_recorders" + ns + "} 3.0",
        "# HELP mvx_runtime_recorders_expired_total Recorders stopped and removed because they took no event"
            + " for their idle timeout",
        "# TYPE mvx_runtime_recorders_expired_total counter",
        "mvx_runtime_recorders_expired_total" + ns + "} 0.0",
        "# HELP mvx_runtime_recorders_refused_total Recorder creations refused because the runtime held"
            + " maxRecorders recorders",
        "# TYPE mvx_runtime_recorders_refused_total counter",
        "mvx_runtime_recorders_refused_total" + ns + "} 0.0",
        "# HELP mvx_runtime_handlers_hung_total Calls into metric or listener code that ran longer than"
            + " handlerTimeout; each failed its recorder",
        "# TYPE mvx_runtime_handlers_hung_total counter",
        "mvx_runtime_handlers_hung_total" + ns + "} 0.0",
        "# HELP mvx_runtime_snapshot_age_seconds Age of the recorder snapshots served: 0 for a fresh cut, else"
            + " how old the last good cut is",
        "# TYPE mvx_runtime_snapshot_age_seconds gauge",
        "mvx_runtime_snapshot_age_seconds" + ns + "} 0.0",
        "# HELP mvx_runtime_collector_skipped_total Snapshots and series the adapter left out of collections,"
            + " by reason",
        "# TYPE mvx_runtime_collector_skipped_total counter"));
    for (String reason : List.of("snapshot_failed", "kind_conflict", "label_conflict", "name_conflict",
        "duplicate_series", "unit_conflict", "invalid_name")) {
      expected.add("mvx_runtime_collector_skipped_total" + ns + "reason=\"" + reason + "\",} 0.0");
    }
    assertThat(text.split("\n", -1)).containsExactlyElementsOf(withFinalEmptyLine(expected));
    assertThat(Double.parseDouble(durationMs)).isPositive();
  }

  private static List<String> withFinalEmptyLine(List<String> lines) {
    List<String> all = new ArrayList<>(lines);
    all.add("");
    return all;
  }

  @Test
  void collect_readsExactlyOneSnapshotPerScrape() {
    MetricsRuntime runtime = started("once");
    TestMetrics.SnapshotCounting a = new TestMetrics.SnapshotCounting("a");
    TestMetrics.SnapshotCounting b = new TestMetrics.SnapshotCounting("b");
    runtime.createRecorder("first").registerMetric(a);
    runtime.createRecorder("second").registerMetric(b);
    MvxCollector collector = new MvxCollector(runtime);
    int aBefore = a.calls();
    int bBefore = b.calls();

    List<MetricFamilySamples> families = collector.collect();

    assertThat(a.calls() - aBefore).isEqualTo(1);
    assertThat(b.calls() - bBefore).isEqualTo(1);
    assertThat(families).filteredOn(f -> f.name.equals("once_a_calls")).singleElement()
        .satisfies(f -> assertThat(f.samples).singleElement()
            .satisfies(s -> assertThat(s.value).isEqualTo(aBefore + 1)));
  }

  @Test
  void collect_recorderCreatedAfterRegistration_appears_andRemovedOneVanishes() {
    MetricsRuntime runtime = started("dynamic");
    new TcpConnection(runtime.createRecorder("tcp-1")).received(new byte[10]);
    CollectorRegistry registry = registryWith(new MvxCollector(runtime));
    String bytes = "dynamic_tcp_stream_bytes_received_bytes_total";
    assertThat(recorderLabels(registry, bytes)).containsExactly("tcp-1");

    new TcpConnection(runtime.createRecorder("tcp-2")).received(new byte[20]);
    assertThat(recorderLabels(registry, bytes)).containsExactly("tcp-1", "tcp-2");

    runtime.stopAndRemoveRecorder("tcp-1");
    assertThat(recorderLabels(registry, bytes)).containsExactly("tcp-2");
    assertThat(registry.getSampleValue("mvx_runtime_recorders", new String[] {"namespace"}, new String[] {"dynamic"}))
        .isEqualTo(1.0);
  }

  private static List<String> recorderLabels(CollectorRegistry registry, String sampleName) {
    return TextExposition.samples(TextExposition.parse004(TextExposition.write004(registry))).stream()
        .filter(s -> s.name().equals(sampleName))
        .map(s -> s.labels().get("recorder"))
        .toList();
  }

  @Test
  void collect_namesAreSanitised_andCounterFamiliesEndInTotalOnce() {
    MetricsRuntime runtime = started("9shop-eu.😀");
    runtime.createRecorder("r").registerMetric(fixed("orders.placed", s -> s
        .counter("total", 1)
        .counter("eu.total_total", 2)
        .counter("count", 3)
        .gauge("open_total", 4)));

    List<Family> families = TextExposition.parse004(TextExposition.write004(registryWith(new MvxCollector(runtime))));

    assertThat(families).extracting(Family::name).startsWith(
        "_9shop_eu___orders_placed_total",
        "_9shop_eu___orders_placed_eu_total",
        "_9shop_eu___orders_placed_count_total",
        "_9shop_eu___orders_placed_open_total");
    assertThat(families).extracting(Family::type).startsWith("counter", "counter", "counter", "gauge");
    assertThat(families.get(0).help()).isEqualTo("orders.placed");
  }

  @Test
  void collect_bigCounterValue_survivesTheTextRoundTripExactly() {
    MetricsRuntime runtime = started("exact");
    double big = 9_007_199_254_740_992.0;
    runtime.createRecorder("r").registerMetric(fixed("big", s -> s
        .counter("events_total", big)
        .gauge("fraction", 0.1)
        .gauge("nan", Double.NaN)
        .gauge("inf", Double.POSITIVE_INFINITY)));
    CollectorRegistry registry = registryWith(new MvxCollector(runtime));

    String text = TextExposition.write004(registry);
    String line = Arrays.stream(text.split("\n")).filter(l -> l.startsWith("exact_big_events_total{")).findFirst()
        .orElseThrow();
    String written = line.substring(line.lastIndexOf(' ') + 1);

    assertThat(new BigDecimal(written).toBigIntegerExact()).isEqualTo(BigInteger.valueOf(9_007_199_254_740_992L));
    for (List<Family> families : List.of(TextExposition.parse004(text),
        TextExposition.parseOpenMetrics(TextExposition.writeOpenMetrics(registry)))) {
      Map<String, Double> values = new HashMap<>();
      TextExposition.samples(families).forEach(s -> values.put(s.name(), s.value()));
      assertThat(values.get("exact_big_events_total")).isEqualTo(big);
      assertThat(values.get("exact_big_fraction")).isEqualTo(0.1);
      assertThat(values.get("exact_big_nan")).isNaN();
      assertThat(values.get("exact_big_inf")).isEqualTo(Double.POSITIVE_INFINITY);
    }
  }

  @Test
  void collect_unitBecomesTheNamesSuffixAndTheOpenMetricsUnit_unlessTheNameEndsInItAlready() {
    MetricsRuntime runtime = started("units");
    runtime.createRecorder("r").registerMetric(fixed("transfer", s -> s.unit("By")
        .counter("bytes_total", 10).gauge("buffered_bytes", 5).gauge("packets", 1)));

    List<Family> families =
        TextExposition.parseOpenMetrics(TextExposition.writeOpenMetrics(registryWith(new MvxCollector(runtime))));

    assertThat(families).filteredOn(f -> f.name().startsWith("units_"))
        .extracting(Family::name, Family::type, Family::unit)
        .containsExactly(
            tuple("units_transfer_bytes", "counter", "bytes"),
            tuple("units_transfer_buffered_bytes", "gauge", "bytes"),
            tuple("units_transfer_packets_bytes", "gauge", "bytes"));
  }

  @Test
  void describe_returnsTheFixedSelfMetricFamilies() {
    MvxCollector collector = new MvxCollector(started("described"));

    assertThat(collector.describe()).extracting(f -> f.name).containsExactly(
        "mvx_runtime_events_accepted", "mvx_runtime_events_dropped", "mvx_runtime_events_dropped_buffer_full",
        "mvx_runtime_events_rejected", "mvx_runtime_events_processed", "mvx_runtime_handler_errors",
        "mvx_runtime_events_pending", "mvx_runtime_recorders", "mvx_runtime_recorders_expired",
        "mvx_runtime_recorders_refused", "mvx_runtime_handlers_hung", "mvx_runtime_snapshot_age_seconds",
        "mvx_runtime_collector_skipped");
    assertThat(collector.describe()).allSatisfy(f -> assertThat(f.samples).isEmpty());
  }

  @Test
  void defaultRegistry_registersAndUnregisters_andDetectsNameCollisions() {
    MetricsRuntime runtime = started("default.registry");
    new TcpConnection(runtime.createRecorder("tcp-1")).received(new byte[7]);
    MvxCollector collector = new MvxCollector(runtime);
    CollectorRegistry registry = CollectorRegistry.defaultRegistry;
    String[] recorder = {"recorder"};
    String bytes = "default_registry_tcp_stream_bytes_received_bytes_total";

    registry.register(collector);
    try {
      assertThat(registry.getSampleValue(bytes, recorder, new String[] {"tcp-1"})).isEqualTo(7.0);
      MvxCollector second = new MvxCollector(started("other"));
      assertThatThrownBy(() -> registry.register(second))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mvx_runtime_");
      assertThatThrownBy(() -> Counter.build("mvx_runtime_events_accepted", "clash").register())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mvx_runtime_events_accepted");
    } finally {
      registry.unregister(collector);
    }

    assertThat(registry.getSampleValue(bytes, recorder, new String[] {"tcp-1"})).isNull();
    registry.register(collector);
    registry.unregister(collector);
  }

  @Test
  void oneCollector_exportsSeveralRuntimes_withOneFamilyPerName() {
    MetricsRuntime alpha = started("alpha");
    MetricsRuntime beta = started("beta");
    new TcpConnection(alpha.createRecorder("tcp-1")).received(new byte[1]);
    new TcpConnection(beta.createRecorder("tcp-1")).received(new byte[2]);

    List<Family> families =
        TextExposition.parse004(TextExposition.write004(registryWith(new MvxCollector(List.of(alpha, beta)))));

    List<Sample> samples = TextExposition.samples(families);
    assertThat(samples).filteredOn(s -> s.name().endsWith("_tcp_stream_bytes_received_bytes_total"))
        .extracting(Sample::name, Sample::value)
        .containsExactly(
            tuple("alpha_tcp_stream_bytes_received_bytes_total", 1.0),
            tuple("beta_tcp_stream_bytes_received_bytes_total", 2.0));
    assertThat(samples).filteredOn(s -> s.name().equals("mvx_runtime_recorders"))
        .extracting(s -> s.labels().get("namespace")).containsExactly("alpha", "beta");
  }

  @Test
  void constructor_rejectsMissingAndDuplicateRuntimes() {
    MetricsRuntime runtime = started("same");
    assertThatThrownBy(() -> new MvxCollector((MetricsRuntime) null))
        .isInstanceOf(NullPointerException.class).hasMessage("runtime");
    assertThatThrownBy(() -> new MvxCollector(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("[]: runtimes must not be empty");
    assertThatThrownBy(() -> new MvxCollector(List.of(runtime, new MetricsRuntime("same"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'same': namespace of runtimes[1] is already exported by runtimes[0]");
  }

  @Test
  void collect_beforeStartAndAfterShutdown_exportsTheStatisticsOnly() {
    MetricsRuntime runtime = new MetricsRuntime("lifecycle");
    runtimes.add(runtime);
    CollectorRegistry registry = registryWith(new MvxCollector(runtime));
    String[] namespace = {"namespace"};
    String[] lifecycle = {"lifecycle"};

    assertThat(TextExposition.parse004(TextExposition.write004(registry)))
        .allSatisfy(f -> assertThat(f.name()).startsWith("mvx_runtime_"));
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("tcp-1");
    new TcpConnection(recorder).received(new byte[3]);
    runtime.shutdown();

    List<Family> after = TextExposition.parse004(TextExposition.write004(registry));
    assertThat(after).allSatisfy(f -> assertThat(f.name()).startsWith("mvx_runtime_"));
    assertThat(registry.getSampleValue("mvx_runtime_events_processed_total", namespace, lifecycle)).isEqualTo(1.0);
    assertThat(registry.getSampleValue("mvx_runtime_recorders", namespace, lifecycle)).isEqualTo(0.0);
  }
}
