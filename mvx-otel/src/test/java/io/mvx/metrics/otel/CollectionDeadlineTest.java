package io.mvx.metrics.otel;

import static io.mvx.metrics.otel.Exports.metric;
import static io.mvx.metrics.otel.Exports.recorder;
import static io.mvx.metrics.otel.Exports.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.test.TestMetrics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A collection never waits longer than its deadline: while a metric blocks the processing thread, both
 * {@code register}'s instruments and the {@code metricProducer}'s histograms carry the last good values, and
 * {@code mvx.runtime.snapshot.age} is positive.
 */
class CollectionDeadlineTest {

  private static final HistogramValue LATENCY = HistogramValue.of(new double[] {0.1}, new long[] {2, 1}, 0.5);

  private final MetricsRuntime runtime = MetricsRuntime.builder("deadline.metrics")
      .handlerTimeout(Duration.ofMinutes(1)) // the blocked metric stays blocked for the whole test
      .build();
  private final MvxOtelOptions options =
      MvxOtelOptions.builder().collectionDeadline(Duration.ofMillis(50)).build();
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader)
      .registerMetricProducer(MvxOtelMetrics.metricProducer(runtime, options)).build();
  private final TestMetrics.Blocking blocking = new TestMetrics.Blocking("stuck.work");

  @AfterEach
  void shutDown() {
    blocking.release().countDown();
    meterProvider.close();
    runtime.close();
  }

  @Test
  void collectionWhileAMetricBlocks_exportsTheLastGoodValues_withAPositiveAge() throws InterruptedException {
    runtime.start();
    RuntimeRecorder healthy = runtime.createRecorder("healthy");
    healthy.registerMetric(TestMetrics.fixed("requests", s -> s.counter("served_total", 7)
        .unit("s").histogram("latency", LATENCY)));
    RuntimeRecorder stuck = runtime.createRecorder("stuck");
    stuck.registerMetric(blocking);
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider), options);
    try {
      Collection<MetricData> fresh = reader.collectAllMetrics();
      assertThat(value(fresh, "requests.served", recorder("healthy"))).isEqualTo(7);
      assertThat(age(fresh)).isZero();

      stuck.registerEvent(new TestMetrics.Ping());
      assertThat(blocking.entered().await(1, TimeUnit.MINUTES)).isTrue();
      Collection<MetricData> late = reader.collectAllMetrics();

      assertThat(value(late, "requests.served", recorder("healthy"))).isEqualTo(7);
      assertThat(value(late, "stuck.work.handled", recorder("stuck"))).isZero();
      assertThat(metric(late, "requests.latency").getHistogramData().getPoints())
          .singleElement().satisfies(point -> assertThat(point.getCount()).isEqualTo(3));
      assertThat(age(late)).isPositive();
    } finally {
      registration.close();
    }
  }

  @Test
  void collectionDeadline_mustBePositive() {
    assertThatThrownBy(() -> MvxOtelOptions.builder().collectionDeadline(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.005S");
    assertThat(options.collectionDeadline()).contains(Duration.ofMillis(50));
    assertThat(MvxOtelOptions.defaults().collectionDeadline()).isEmpty();
  }

  private static double age(Collection<MetricData> data) {
    return value(data, "mvx.runtime.snapshot.age", Attributes.of(Exports.NAMESPACE, "deadline.metrics"));
  }
}
