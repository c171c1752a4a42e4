package io.mvx.metrics.otel;

import static io.mvx.metrics.otel.Exports.NAMESPACE;
import static io.mvx.metrics.otel.Exports.mvxPoints;
import static io.mvx.metrics.otel.Exports.recorder;
import static io.mvx.metrics.otel.Exports.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.test.LogCapture;
import io.mvx.metrics.test.TestMetrics;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CollectionFailureTest {

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider =
      SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final LogCapture log = LogCapture.start("io.mvx.metrics.otel");

  @AfterEach
  void shutDown() {
    log.close();
    meterProvider.close();
  }

  @Test
  void lateSnapshot_exportsTheLastGoodValuesWithTheirAge_andRecoversAtTheNextCollection()
      throws InterruptedException {
    MetricsRuntime runtime = MetricsRuntime.builder("slow.metrics")
        .operationTimeout(Duration.ofMillis(200))
        .logPolicy(LogPolicy.SILENT)
        .build();
    runtime.start();
    TestMetrics.Blocking blocking = new TestMetrics.Blocking("blocking.metric");
    RuntimeRecorder recorder = runtime.createRecorder("slow");
    recorder.registerMetric(blocking);
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));
    try {
      recorder.registerEvent(new ConnectionEvent(1, 0, "data"));
      assertThat(blocking.entered().await(10, TimeUnit.SECONDS)).isTrue();

      Collection<MetricData> blocked = reader.collectAllMetrics();

      assertThat(value(blocked, "blocking.metric.handled", recorder("slow"))).isEqualTo(0); // the last good cut
      assertThat(value(blocked, "mvx.runtime.events.accepted", Attributes.of(NAMESPACE, "slow.metrics")))
          .isEqualTo(1);
      assertThat(value(blocked, "mvx.runtime.snapshot.age", Attributes.of(NAMESPACE, "slow.metrics")))
          .isPositive();

      blocking.release().countDown();
      Collection<MetricData> recovered = reader.collectAllMetrics();

      assertThat(value(recovered, "blocking.metric.handled", recorder("slow"))).isEqualTo(1);
    } finally {
      blocking.release().countDown();
      registration.close();
      runtime.close();
    }
  }

  @Test
  void metricWhoseSnapshotThrows_isLeftOut_andTheOthersAreExported() {
    try (MetricsRuntime runtime = MetricsRuntime.builder("broken.metrics").logPolicy(LogPolicy.SILENT).build()) {
      runtime.start();
      MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));
      RuntimeRecorder recorder = runtime.createRecorder("mixed");
      recorder.registerMetric(TestMetrics.throwingSnapshot("broken.metric"));
      recorder.registerMetric(new ConnectionTrafficMetric());
      recorder.registerEvent(new ConnectionEvent(3, 0, "data"));

      Collection<MetricData> data = Exports.collectOnceAnnounced(reader, "connection.traffic.received");

      assertThat(value(data, "connection.traffic.received", recorder("mixed"))).isEqualTo(3);
      assertThat(value(data, "mvx.runtime.handler.errors", Attributes.of(NAMESPACE, "broken.metrics")))
          .isGreaterThanOrEqualTo(1);
      // the runtime counts the broken snapshot and never announces the metric: the adapter never calls it
      assertThat(log.containing("could not build the instruments of metric broken.metric")).isEmpty();
      assertThat(Exports.names(data)).noneMatch(name -> name.startsWith("broken.metric"));
      registration.close();
    }
  }

  @Test
  void runtimeShutDown_leavesOnlyTheRuntimeStatistics() {
    MetricsRuntime runtime = MetricsRuntime.builder("closing.metrics").logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("connection-1");
    recorder.registerMetric(new ConnectionTrafficMetric());
    recorder.registerEvent(new ConnectionEvent(3, 0, "data"));
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));
    assertThat(mvxPoints(reader.collectAllMetrics())).isNotEmpty();

    runtime.close();
    Collection<MetricData> data = reader.collectAllMetrics();

    Attributes namespace = Attributes.of(NAMESPACE, "closing.metrics");
    assertThat(mvxPoints(data)).isEmpty();
    assertThat(value(data, "mvx.runtime.events.processed", namespace)).isEqualTo(1);
    assertThat(value(data, "mvx.runtime.recorders", namespace)).isZero();
    registration.close();
  }
}
