package io.mvx.metrics.otel;

import io.mvx.metrics.test.FixedMetric;
import io.mvx.metrics.example.DocumentStorage;
import static io.mvx.metrics.otel.Exports.NAMESPACE;
import static io.mvx.metrics.otel.Exports.RECORDER;
import static io.mvx.metrics.otel.Exports.expected;
import static io.mvx.metrics.otel.Exports.metric;
import static io.mvx.metrics.otel.Exports.mvxPoints;
import static io.mvx.metrics.otel.Exports.names;
import static io.mvx.metrics.otel.Exports.points;
import static io.mvx.metrics.otel.Exports.recorder;
import static io.mvx.metrics.otel.Exports.value;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MvxOtelMetricsTest {

  private final MetricsRuntime runtime = new MetricsRuntime("example.metrics");
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider =
      SdkMeterProvider.builder().registerMetricReader(reader).build();

  @BeforeEach
  void startRuntime() {
    runtime.start();
  }

  @AfterEach
  void shutDown() {
    meterProvider.close();
    runtime.close();
  }

  @Test
  void register_exportsSeedMetrics_withNamesScopeUnitsDescriptionsAndKinds() {
    seedStorage("document_storage");
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));

    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(names(data)).contains(
        "document_storage.save.attempts",
        "document_storage.save.attempts.success",
        "document_storage.save.attempts.failure",
        "document_storage.save.average_duration",
        "document_storage.save.average_duration.duration_ms",
        "document_storage.save.average_duration.average_duration_ms");
    assertThat(metric(data, "document_storage.save.attempts"))
        .hasInstrumentationScope(InstrumentationScopeInfo.create("example.metrics"))
        .hasDescription("Document save attempts by outcome")
        .hasUnit("")
        .hasDoubleSumSatisfying(sum -> sum.isMonotonic().isCumulative()
            .hasPointsSatisfying(point -> point.hasValue(3).hasAttributes(recorder("document_storage"))));
    assertThat(metric(data, "document_storage.save.attempts.success"))
        .hasDoubleSumSatisfying(sum -> sum.isMonotonic()
            .hasPointsSatisfying(point -> point.hasValue(2).hasAttributes(recorder("document_storage"))));
    assertThat(metric(data, "document_storage.save.attempts.failure"))
        .hasDoubleSumSatisfying(sum -> sum.hasPointsSatisfying(point -> point.hasValue(1)));
    assertThat(metric(data, "document_storage.save.average_duration.duration_ms"))
        .hasUnit("ms")
        .hasDescription("Document save durations")
        .hasDoubleSumSatisfying(sum -> sum.isMonotonic());
    MetricSnapshot duration = storageSnapshot("document_storage.save.average_duration");
    assertThat(metric(data, "document_storage.save.average_duration.average_duration_ms"))
        .hasUnit("ms")
        .hasDoubleGaugeSatisfying(gauge -> gauge.hasPointsSatisfying(point -> point
            .hasValue(duration.value("average_duration_ms").orElseThrow())
            .hasAttributes(recorder("document_storage"))));
    registration.close();
  }

  @Test
  void exportedValues_equalTheRuntimeSnapshot_acrossRecordersAndLabels() {
    seedStorage("document_storage");
    for (int i = 0; i < 5; i++) {
      RuntimeRecorder connection = connection("connection-" + i);
      connection.registerEvent(new ConnectionEvent(100L * (i + 1), 10L * i, "data"));
      connection.registerEvent(new ConnectionEvent(7, 0, i % 2 == 0 ? "ping" : "data"));
    }
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));

    Collection<MetricData> data = reader.collectAllMetrics();
    RuntimeSnapshot snapshot = runtime.snapshot();

    assertThat(mvxPoints(data)).isEqualTo(expected(snapshot));
    assertThat(value(data, "connection.frames",
        Attributes.of(RECORDER, "connection-2", AttributeKey.stringKey("type"), "ping"))).isEqualTo(1);
    assertThat(metric(data, "connection.traffic.received")).hasUnit("By").hasDoubleSumSatisfying(s -> s.isMonotonic());
    assertThat(metric(data, "connection.traffic.in_flight").getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
    assertThat(metric(data, "connection.frames")).hasUnit("").hasDescription("Frames by type");
    registration.close();
  }

  @Test
  void runtimeStatistics_areExportedAsMvxRuntimeInstruments_withNamespaceAttribute() {
    RuntimeRecorder connection = connection("connection-1");
    connection.registerEvent(new ConnectionEvent(1, 1, "data"));
    connection.registerEvent(new ConnectionEvent(1, 1, "data"));
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));

    Collection<MetricData> data = reader.collectAllMetrics();

    Attributes namespace = Attributes.of(NAMESPACE, "example.metrics");
    assertThat(metric(data, "mvx.runtime.events.accepted")).hasUnit("{event}")
        .hasDoubleSumSatisfying(sum -> sum.isMonotonic()
            .hasPointsSatisfying(point -> point.hasValue(2).hasAttributes(namespace)));
    assertThat(value(data, "mvx.runtime.events.processed", namespace)).isEqualTo(2);
    assertThat(value(data, "mvx.runtime.events.dropped", namespace)).isZero();
    assertThat(value(data, "mvx.runtime.events.rejected", namespace)).isZero();
    assertThat(value(data, "mvx.runtime.handler.errors", namespace)).isZero();
    assertThat(metric(data, "mvx.runtime.events.pending")).hasDoubleGaugeSatisfying(gauge ->
        gauge.hasPointsSatisfying(point -> point.hasValue(0).hasAttributes(namespace)));
    assertThat(metric(data, "mvx.runtime.recorders")).hasDoubleGaugeSatisfying(gauge ->
        gauge.hasPointsSatisfying(point -> point.hasValue(1)));
    registration.close();
  }

  @Test
  void units_passUcumThrough_andDimensionlessOneBecomesNoUnit() {
    RuntimeRecorder recorder = runtime.createRecorder("units");
    recorder.registerMetric(new FixedMetric(
        MetricSnapshot.builder("job.duration").unit("s").gauge("last", 1.5).build()));
    recorder.registerMetric(new FixedMetric(
        MetricSnapshot.builder("job.ratio").unit("1").gauge("done", 0.25).build()));
    recorder.registerMetric(new FixedMetric(
        MetricSnapshot.builder("job.size").unit("KiBy").counter("written_total", 4).build()));
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));

    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(metric(data, "job.duration.last")).hasUnit("s");
    assertThat(metric(data, "job.ratio.done")).hasUnit("");
    assertThat(metric(data, "job.size.written")).hasUnit("KiBy");
    registration.close();
  }

  @Test
  void options_setScopeVersion_andRecorderAttributeKey() {
    connection("connection-1").registerEvent(new ConnectionEvent(5, 0, "data"));
    MvxOtelOptions options = MvxOtelOptions.builder()
        .instrumentationVersion(" 2.3.1 ")
        .recorderAttributeKey("mvx.recorder")
        .build();
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider), options);

    Collection<MetricData> data = reader.collectAllMetrics();

    MetricData received = metric(data, "connection.traffic.received");
    assertThat(received.getInstrumentationScopeInfo().getName()).isEqualTo("example.metrics");
    assertThat(received.getInstrumentationScopeInfo().getVersion()).isEqualTo("2.3.1");
    assertThat(points(received))
        .containsExactly(Map.entry(Attributes.of(AttributeKey.stringKey("mvx.recorder"), "connection-1"), 5.0));
    assertThat(value(data, "connection.frames", Attributes.of(AttributeKey.stringKey("mvx.recorder"),
        "connection-1", AttributeKey.stringKey("type"), "data"))).isEqualTo(1);
    registration.close();
  }

  @Test
  void options_rejectBlankValues_andNamesTheArgument() {
    assertThatThrownBy(() -> MvxOtelOptions.builder().recorderAttributeKey(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recorderAttributeKey");
    assertThatThrownBy(() -> MvxOtelOptions.builder().instrumentationVersion(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("instrumentationVersion");
    assertThat(MvxOtelOptions.defaults().recorderAttributeKey()).isEqualTo("recorder");
    assertThat(MvxOtelOptions.defaults().instrumentationVersion()).isEmpty();
  }

  @Test
  void deltaTemporality_reportsTheIncrementOfCounters_andTheLevelOfGauges() {
    InMemoryMetricReader delta = InMemoryMetricReader.createDelta();
    SdkMeterProvider deltaProvider = SdkMeterProvider.builder().registerMetricReader(delta).build();
    RuntimeRecorder connection = connection("connection-1");
    connection.registerEvent(new ConnectionEvent(100, 40, "data"));
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(deltaProvider));
    try {
      Collection<MetricData> first = delta.collectAllMetrics();
      connection.registerEvent(new ConnectionEvent(30, 0, "data"));
      Collection<MetricData> second = delta.collectAllMetrics();

      assertThat(metric(first, "connection.traffic.received")).hasDoubleSumSatisfying(sum -> sum
          .isDelta().isMonotonic().hasPointsSatisfying(point -> point.hasValue(100)));
      assertThat(metric(second, "connection.traffic.received")).hasDoubleSumSatisfying(sum -> sum
          .isDelta().hasPointsSatisfying(point -> point.hasValue(30)));
      assertThat(value(second, "connection.traffic.sent", recorder("connection-1"))).isZero();
      assertThat(value(second, "connection.traffic.in_flight", recorder("connection-1"))).isEqualTo(90);
      assertThat(metric(second, "mvx.runtime.events.accepted").getDoubleSumData().getAggregationTemporality())
          .isEqualTo(AggregationTemporality.DELTA);
    } finally {
      registration.close();
      deltaProvider.close();
    }
  }

  @Test
  void twoReaders_eachCollectTheSnapshotValues() {
    InMemoryMetricReader cumulative = InMemoryMetricReader.create();
    InMemoryMetricReader delta = InMemoryMetricReader.createDelta();
    SdkMeterProvider twoReaders = SdkMeterProvider.builder()
        .registerMetricReader(cumulative).registerMetricReader(delta).build();
    RuntimeRecorder connection = connection("connection-1");
    connection.registerEvent(new ConnectionEvent(10, 5, "data"));
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(twoReaders));
    try {
      assertThat(mvxPoints(cumulative.collectAllMetrics())).isEqualTo(expected(runtime.snapshot()));
      assertThat(mvxPoints(delta.collectAllMetrics())).isEqualTo(expected(runtime.snapshot()));

      connection.registerEvent(new ConnectionEvent(1, 0, "ping"));
      Collection<MetricData> cumulativeData = cumulative.collectAllMetrics();
      Collection<MetricData> deltaData = delta.collectAllMetrics();

      assertThat(mvxPoints(cumulativeData)).isEqualTo(expected(runtime.snapshot()));
      assertThat(value(deltaData, "connection.traffic.received", recorder("connection-1"))).isEqualTo(1);
      assertThat(value(deltaData, "connection.frames", Attributes.of(RECORDER, "connection-1",
          AttributeKey.stringKey("type"), "ping"))).isEqualTo(1);
    } finally {
      registration.close();
      twoReaders.close();
    }
  }

  @Test
  void gaugeValues_mayBeNegativeAndFractional() {
    RuntimeRecorder recorder = runtime.createRecorder("levels");
    recorder.registerMetric(new FixedMetric(
        MetricSnapshot.builder("tank.level").gauge("delta", -2.75).build()));
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));

    assertThat(value(reader.collectAllMetrics(), "tank.level.delta", recorder("levels")))
        .isCloseTo(-2.75, within(1e-12));
    registration.close();
  }

  @Test
  void register_rejectsNullArguments_namingThem() {
    OpenTelemetry openTelemetry = Exports.sdk(meterProvider);
    assertThatThrownBy(() -> MvxOtelMetrics.register(null, openTelemetry))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("runtime");
    assertThatThrownBy(() -> MvxOtelMetrics.register(runtime, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("openTelemetry");
    assertThatThrownBy(() -> MvxOtelMetrics.register(runtime, openTelemetry, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("options");
  }

  @Test
  void registerTwice_withTheSameMeterProvider_isRejectedUntilTheFirstIsClosed() {
    connection("connection-1").registerEvent(new ConnectionEvent(4, 0, "data"));
    OpenTelemetry openTelemetry = Exports.sdk(meterProvider);
    MvxOtelMetrics first = MvxOtelMetrics.register(runtime, openTelemetry);

    assertThatThrownBy(() -> MvxOtelMetrics.register(runtime, openTelemetry))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("example.metrics");
    first.close();
    MvxOtelMetrics second = MvxOtelMetrics.register(runtime, openTelemetry);

    assertThat(value(reader.collectAllMetrics(), "connection.traffic.received", recorder("connection-1")))
        .isEqualTo(4);
    second.close();
  }

  @Test
  void noopOpenTelemetry_isAccepted_andClosesQuietly() {
    connection("connection-1");
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, OpenTelemetry.noop());

    assertThat(registration.toString()).contains("example.metrics");
    registration.close();
    registration.close();
    assertThat(registration.toString()).contains("closed=true");
  }

  private void seedStorage(String recorderId) {
    DocumentStorage storage = new DocumentStorage(runtime.createRecorder(recorderId));
    storage.saveDocument("doc-001", "First document");
    storage.saveDocument("doc-002", "Second document");
    assertThatThrownBy(() -> storage.saveDocument("doc-003", " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private MetricSnapshot storageSnapshot(String metricName) {
    return runtime.getRecorder("document_storage").getMetricSnapshots().get(metricName);
  }

  private RuntimeRecorder connection(String id) {
    RuntimeRecorder recorder = runtime.createRecorder(id);
    recorder.registerMetric(new ConnectionTrafficMetric());
    recorder.registerMetric(new ConnectionFramesMetric());
    return recorder;
  }
}
