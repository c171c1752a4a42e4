package io.mvx.metrics.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The OTLP wiring shown in the README compiles and runs; nothing is sent (no network in tests). */
class ReadmeExampleTest {

  /**
   * The README's meter provider: OTLP over gRPC every 30 s, maxRecorders + 1 series per MVX instrument, the
   * runtime's histograms through its producer.
   */
  static SdkMeterProvider otlpMeterProvider(String endpoint, MetricsRuntime runtime) {
    return SdkMeterProvider.builder()
        .registerMetricReader(
            PeriodicMetricReader.builder(
                    OtlpGrpcMetricExporter.builder().setEndpoint(endpoint).build())
                .setInterval(Duration.ofSeconds(30))
                .build())
        .registerMetricProducer(MvxOtelMetrics.metricProducer(runtime))
        .registerView(
            InstrumentSelector.builder().setMeterName(runtime.namespace()).build(),
            View.builder().setCardinalityLimit(MetricsRuntime.Builder.DEFAULT_MAX_RECORDERS + 1).build())
        .build();
  }

  @Test
  void otlpWiring_registersTheRuntime_andShutsDownWithoutExporting() {
    MetricsRuntime runtime =
        MetricsRuntime.builder("networking.metrics").logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    SdkMeterProvider meterProvider = otlpMeterProvider("http://127.0.0.1:4317", runtime);
    OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build();
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, openTelemetry);
    runtime.createRecorder("connection-1").registerMetric(new ConnectionTrafficMetric());

    assertThat(meterProvider.toString())
        .contains("OtlpGrpcMetricExporter", "127.0.0.1:4317", "cardinalityLimit=100001");
    assertThat(registration.callbackCount()).isGreaterThanOrEqualTo(2);

    // closed first, the registration leaves no data, so the reader's final flush sends nothing; an
    // export attempt would find nobody listening on 127.0.0.1:4317 and make the shutdown fail
    registration.close();
    assertThat(meterProvider.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    runtime.close();
  }
}
