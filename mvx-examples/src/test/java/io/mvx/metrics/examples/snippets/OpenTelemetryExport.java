package io.mvx.metrics.examples.snippets;

// tag::opentelemetry-reader[]
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
// end::opentelemetry-reader[]
// tag::opentelemetry[]
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.otel.MvxOtelMetrics;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
// end::opentelemetry[]

/** OpenTelemetry: counters and gauges through the API, histograms through the SDK's metric producer. */
final class OpenTelemetryExport {

  private OpenTelemetryExport() {}

  /** The production reader: OTLP over gRPC every 30 s. */
  static MetricReader otlpReader() {
    // tag::opentelemetry-reader[]
    MetricReader reader = PeriodicMetricReader.builder(
            OtlpGrpcMetricExporter.builder().setEndpoint("http://otel-collector:4317").build())
        .setInterval(Duration.ofSeconds(30))
        .build();
    // end::opentelemetry-reader[]
    return reader;
  }

  /** Exports {@code runtime} through {@code reader} until {@code whileExporting} returns, then shuts down. */
  static void export(MetricsRuntime runtime, MetricReader reader, Runnable whileExporting) {
    // tag::opentelemetry[]
    SdkMeterProvider meterProvider = SdkMeterProvider.builder()
        .registerMetricReader(reader)                                     // e.g. the OTLP reader above
        .registerMetricProducer(MvxOtelMetrics.metricProducer(runtime))   // histograms (needs the SDK)
        // one series per recorder: allow every recorder the runtime accepts (default maxRecorders 100,000),
        // plus the SDK's overflow series, instead of its default of 2,000 series per instrument
        .registerView(InstrumentSelector.builder().setMeterName(runtime.namespace()).build(),
            View.builder().setCardinalityLimit(MetricsRuntime.Builder.DEFAULT_MAX_RECORDERS + 1).build())
        .build();
    OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build();

    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, openTelemetry);   // counters and gauges
    // end::opentelemetry[]
    whileExporting.run();
    // tag::opentelemetry[]
    // on shutdown: export the last values first, then stop publishing, then stop the runtime
    meterProvider.close();
    registration.close();
    runtime.close();
    // end::opentelemetry[]
  }
}
