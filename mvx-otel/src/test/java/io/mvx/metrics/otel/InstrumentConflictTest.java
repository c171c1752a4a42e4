package io.mvx.metrics.otel;

import io.mvx.metrics.test.LogCapture;
import io.mvx.metrics.test.FixedMetric;
import static io.mvx.metrics.otel.Exports.NAMESPACE;
import static io.mvx.metrics.otel.Exports.metric;
import static io.mvx.metrics.otel.Exports.mvxPoints;
import static io.mvx.metrics.otel.Exports.names;
import static io.mvx.metrics.otel.Exports.points;
import static io.mvx.metrics.otel.Exports.recorder;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstrumentConflictTest {

  private final MetricsRuntime runtime = new MetricsRuntime("conflicts.metrics");
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider =
      SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final LogCapture log = LogCapture.start("io.mvx.metrics.otel");

  @BeforeEach
  void startRuntime() {
    runtime.start();
  }

  @AfterEach
  void shutDown() {
    log.close();
    meterProvider.close();
    runtime.close();
  }

  @Test
  void invalidInstrumentNames_areSkipped_andLoggedOncePerName() {
    String longName = "a".repeat(250);
    for (int i = 0; i < 3; i++) {
      RuntimeRecorder recorder = runtime.createRecorder("worker-" + i);
      recorder.registerMetric(fixed(MetricSnapshot.builder("_internal.queue").gauge("depth", i).build()));
      recorder.registerMetric(fixed(MetricSnapshot.builder(longName).gauge("value", i).build()));
      recorder.registerMetric(fixed(MetricSnapshot.builder("worker.queue").gauge("depth", i).build()));
    }
    MvxOtelMetrics registration = register();

    reader.collectAllMetrics();
    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(mvxPoints(data).keySet()).containsExactly("worker.queue.depth");
    assertThat(points(metric(data, "worker.queue.depth"))).hasSize(3);
    assertThat(log.containing("'_internal.queue.depth'")).hasSize(1)
        .allSatisfy(message -> assertThat(message).contains("not a valid OpenTelemetry instrument name"));
    assertThat(log.containing(longName + ".value")).hasSize(1);
    registration.close();
  }

  @Test
  void sameNameWithAnotherKind_inAnotherRecorder_firstWins_andIsLogged() {
    runtime.createRecorder("first")
        .registerMetric(fixed(MetricSnapshot.builder("shared.level").counter("value", 5).build()));
    runtime.createRecorder("second")
        .registerMetric(fixed(MetricSnapshot.builder("shared.level").gauge("value", 7).build()));
    MvxOtelMetrics registration = register();

    reader.collectAllMetrics();
    Collection<MetricData> data = reader.collectAllMetrics();

    MetricData shared = metric(data, "shared.level.value");
    assertThat(shared.getType()).isEqualTo(MetricDataType.DOUBLE_SUM);
    assertThat(points(shared)).containsExactly(Map.entry(recorder("first"), 5.0));
    assertThat(log.containing("'shared.level.value' is a COUNTER but this value is a GAUGE")).hasSize(1);
    registration.close();
  }

  @Test
  void twoSourcesMappingToOneName_firstWins_soNothingIsCountedTwice() {
    RuntimeRecorder recorder = runtime.createRecorder("cache");
    recorder.registerMetric(fixed(MetricSnapshot.builder("cache.hits").counter("total", 10).build()));
    recorder.registerMetric(fixed(MetricSnapshot.builder("cache").counter("hits_total", 3).build()));
    MvxOtelMetrics registration = register();

    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(points(metric(data, "cache.hits"))).containsExactly(Map.entry(recorder("cache"), 10.0));
    assertThat(log.containing("'cache.hits' already exports cache.hits/total")).hasSize(1);
    registration.close();
  }

  @Test
  void sameNameWithAnotherUnit_firstWins() {
    runtime.createRecorder("seconds")
        .registerMetric(fixed(MetricSnapshot.builder("job.time").unit("s").gauge("last", 2).build()));
    runtime.createRecorder("millis")
        .registerMetric(fixed(MetricSnapshot.builder("job.time").unit("ms").gauge("last", 2000).build()));
    MvxOtelMetrics registration = register();

    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(metric(data, "job.time.last").getUnit()).isEqualTo("s");
    assertThat(points(metric(data, "job.time.last"))).containsOnlyKeys(recorder("seconds"));
    assertThat(log.containing("'job.time.last' has unit 's'")).hasSize(1);
    registration.close();
  }

  @Test
  void runtimeStatisticNames_areReserved() {
    runtime.createRecorder("impostor").registerMetric(
        fixed(MetricSnapshot.builder("mvx.runtime.events").counter("accepted_total", 1_000).build()));
    MvxOtelMetrics registration = register();

    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(points(metric(data, "mvx.runtime.events.accepted")))
        .containsOnlyKeys(Attributes.of(NAMESPACE, "conflicts.metrics"));
    assertThat(log.containing("reserved for the runtime statistics")).hasSize(1);
    registration.close();
  }

  @Test
  void labelNamedLikeTheRecorderAttribute_skipsThoseValues_andKeepsTheOthers() {
    RuntimeRecorder connection = runtime.createRecorder("connection-1");
    connection.registerMetric(new ConnectionTrafficMetric());
    connection.registerMetric(new ConnectionFramesMetric());
    connection.registerEvent(new ConnectionEvent(9, 0, "data"));
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider),
        MvxOtelOptions.builder().recorderAttributeKey("type").build());

    reader.collectAllMetrics();
    Collection<MetricData> data = reader.collectAllMetrics();

    assertThat(names(data)).doesNotContain("connection.frames");
    assertThat(points(metric(data, "connection.traffic.received")))
        .containsExactly(Map.entry(Attributes.of(AttributeKey.stringKey("type"), "connection-1"), 9.0));
    assertThat(log.containing("label 'type' of connection.frames/total clashes")).hasSize(1);
    registration.close();
  }

  private MvxOtelMetrics register() {
    return MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));
  }

  private static FixedMetric fixed(MetricSnapshot snapshot) {
    return new FixedMetric(snapshot);
  }
}
