package io.mvx.metrics.examples;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.micrometer.MvxMeterBinder;
import io.mvx.metrics.otel.MvxOtelMetrics;
import io.mvx.metrics.examples.DemoOptions.PrometheusClient;
import io.mvx.metrics.prometheus.MvxPrometheusServer;
import io.mvx.metrics.prometheus.metrics.MvxPrometheusMetricsServer;
import io.mvx.metrics.snapshot.RuntimeStats;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running demo: one runtime ({@code example.metrics}) with the document storage and the simulated
 * connections, exported at once through a Prometheus endpoint on 127.0.0.1 (client_java 1.x or simpleclient,
 * {@link DemoOptions#prometheusClient()}), a Micrometer registry and the OpenTelemetry SDK. {@link #close()} stops the traffic, drains the runtime and releases everything.
 *
 * <p>Exemplars: the runtime keeps them ({@code MetricsRuntime.Builder.exemplars(true)}), and every save runs
 * in a real span of the OpenTelemetry SDK's tracer (always sampled; {@link RecentSpans} is its processor, the
 * demo exports no traces). The save-duration histogram therefore keeps each bucket's latest traced save, and
 * serves it as an exemplar in OpenMetrics ({@code Accept: application/openmetrics-text}, as a Prometheus
 * server with {@code --enable-feature=exemplar-storage} asks) and in the OpenTelemetry histogram points.
 */
public final class Demo implements AutoCloseable {

  /** The runtime namespace. */
  public static final String NAMESPACE = "example.metrics";

  private static final String[] OUTCOMES = {"success", "failure"};

  private final MetricsRuntime runtime;
  /** The simpleclient endpoint, or null when client_java 1.x serves. */
  private final MvxPrometheusServer server;
  /** The client_java 1.x endpoint, or null when simpleclient serves. */
  private final MvxPrometheusMetricsServer metricsServer;
  private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
  private final MvxMeterBinder binder;
  private final PullMetricReader otelReader = new PullMetricReader();
  private final SdkMeterProvider meterProvider;
  private final MvxOtelMetrics otel;
  private final RecentSpans spans = new RecentSpans();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).addSpanProcessor(spans).build();
  private final Workload workload;
  private final ScheduledExecutorService scheduler;
  private final long startNanos = System.nanoTime();
  private boolean closed;

  private Demo(DemoOptions options, long seed, boolean scheduled) throws IOException {
    runtime = MetricsRuntime.builder(NAMESPACE).exemplars(true).build();
    runtime.start();
    try {
      if (options.prometheusClient() == PrometheusClient.SIMPLECLIENT) {
        server = MvxPrometheusServer.builder(runtime).port(options.port()).build();
        metricsServer = null;
      } else {
        server = null;
        metricsServer = MvxPrometheusMetricsServer.builder(runtime).port(options.port()).build();
      }
    } catch (IOException | RuntimeException e) {
      runtime.shutdown();
      tracerProvider.close();
      throw e;
    }
    binder = MvxMeterBinder.builder(runtime).staleness(Duration.ofMillis(500)).build();
    binder.bindTo(meterRegistry);
    meterProvider = SdkMeterProvider.builder()
        .registerMetricReader(otelReader)
        .registerMetricProducer(MvxOtelMetrics.metricProducer(runtime)) // the save-duration histogram
        .registerView(InstrumentSelector.builder().setMeterName(NAMESPACE).build(),
            View.builder().setCardinalityLimit(200_000).build())
        .build();
    otel = MvxOtelMetrics.register(runtime,
        OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build());
    workload = new Workload(runtime, options.connections(), seed, tracerProvider.get("io.mvx.metrics.examples"));
    if (scheduled) {
      scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mvx-demo-workload");
        thread.setDaemon(true);
        return thread;
      });
      scheduler.scheduleAtFixedRate(workload::tick, 0, 100, TimeUnit.MILLISECONDS);
    } else {
      scheduler = null;
    }
  }

  /** Starts the demo with live traffic (a tick every 100 ms). */
  public static Demo start(DemoOptions options) throws IOException {
    return new Demo(options, System.nanoTime(), true);
  }

  /** Starts the demo without scheduled traffic: call {@link #workload()}{@code .tick()} yourself. */
  public static Demo startIdle(DemoOptions options, long seed) throws IOException {
    return new Demo(options, seed, false);
  }

  /** The runtime every adapter exports. */
  public MetricsRuntime runtime() {
    return runtime;
  }

  /** The simulated traffic. */
  public Workload workload() {
    return workload;
  }

  /** The port of the Prometheus endpoint on 127.0.0.1. */
  public int port() {
    return server != null ? server.port() : metricsServer.port();
  }

  /** The Prometheus client serving the endpoint. */
  public PrometheusClient prometheusClient() {
    return server != null ? PrometheusClient.SIMPLECLIENT : PrometheusClient.ONE_X;
  }

  /**
   * The simpleclient endpoint.
   *
   * @throws IllegalStateException when the demo runs with {@code --prometheus-client 1x}
   */
  public MvxPrometheusServer prometheus() {
    if (server == null) {
      throw new IllegalStateException("1x: the demo serves client_java 1.x, see prometheusMetrics()");
    }
    return server;
  }

  /**
   * The client_java 1.x endpoint.
   *
   * @throws IllegalStateException when the demo runs with {@code --prometheus-client simpleclient}
   */
  public MvxPrometheusMetricsServer prometheusMetrics() {
    if (metricsServer == null) {
      throw new IllegalStateException("simpleclient: the demo serves simpleclient, see prometheus()");
    }
    return metricsServer;
  }

  /** The Micrometer registry the runtime is bound to. */
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /** The span processor of the demo's tracer: which traces the demo created. */
  public RecentSpans spans() {
    return spans;
  }

  /** The OpenTelemetry reader the demo pulls from. */
  public PullMetricReader otelReader() {
    return otelReader;
  }

  /** Prints one summary line: traffic, runtime accounting, and one counter as each adapter reports it. */
  public void printSummary(PrintStream out) {
    RuntimeStats stats = runtime.stats();
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    out.printf("[%02d:%02d:%02d] connections %d open, %d closed | events accepted %d, processed %d,"
            + " dropped %d, pending %d | save attempts via prometheus=%.0f micrometer=%.0f otel=%.0f%n",
        seconds / 3600, seconds / 60 % 60, seconds % 60,
        workload.openConnectionIds().size(), workload.connectionsClosed(),
        stats.accepted(), stats.processed(), stats.dropped(), stats.pending(),
        prometheusSaveAttempts(), micrometerSaveAttempts(), otelSaveAttempts());
  }

  /** The document save attempts (both outcomes) as the Prometheus collector exports them, NaN before any. */
  public double prometheusSaveAttempts() {
    double sum = Double.NaN;
    if (server != null) {
      for (String outcome : OUTCOMES) {
        Double value = server.registry().getSampleValue("example_metrics_document_storage_save_attempts_total",
            new String[] {"recorder", DocumentSaveAttemptsMetric.OUTCOME},
            new String[] {"document_storage", outcome});
        if (value != null) {
          sum = Double.isNaN(sum) ? value : sum + value;
        }
      }
      return sum;
    }
    for (MetricSnapshot snapshot : metricsServer.registry().scrape()) {
      if (snapshot instanceof CounterSnapshot counter
          && counter.getMetadata().getPrometheusName().equals("example_metrics_document_storage_save_attempts")) {
        for (CounterSnapshot.CounterDataPointSnapshot point : counter.getDataPoints()) {
          if ("document_storage".equals(point.getLabels().get("recorder"))) {
            sum = Double.isNaN(sum) ? point.getValue() : sum + point.getValue();
          }
        }
      }
    }
    return sum;
  }

  /** The document save attempts (both outcomes) as the Micrometer meters report them, NaN before any. */
  public double micrometerSaveAttempts() {
    // the binder brings its meter set up to date when a meter is read; nothing else polls this registry
    meterRegistry.get("mvx.runtime.recorders").gauge().value();
    double sum = Double.NaN;
    for (FunctionCounter counter : meterRegistry.find("example.metrics.document_storage.save.attempts")
        .tag("recorder", "document_storage").functionCounters()) {
      sum = Double.isNaN(sum) ? counter.count() : sum + counter.count();
    }
    return sum;
  }

  /** The document save attempts (both outcomes) as the OpenTelemetry SDK collects them, NaN before any. */
  public double otelSaveAttempts() {
    double sum = Double.NaN;
    for (MetricData metric : otelReader.collect()) {
      if (metric.getName().equals("document_storage.save.attempts")) {
        for (DoublePointData point : metric.getDoubleSumData().getPoints()) {
          if ("document_storage".equals(point.getAttributes().get(AttributeKey.stringKey("recorder")))) {
            sum = Double.isNaN(sum) ? point.getValue() : sum + point.getValue();
          }
        }
      }
    }
    return sum;
  }

  /** Stops the simulated traffic and waits for the tick in progress; the adapters keep serving. */
  public void stopTraffic() {
    if (scheduler != null) {
      scheduler.shutdown();
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops the traffic, unbinds every adapter, drains and shuts the runtime down. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopTraffic();
    otel.close();
    meterProvider.close();
    binder.close();
    if (server != null) {
      server.close();
    } else {
      metricsServer.close();
    }
    runtime.shutdown();
    tracerProvider.close();
  }
}
