package io.mvx.metrics.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.examples.DocumentSaveAttempt;
import io.mvx.metrics.examples.DocumentStorage;
import io.mvx.metrics.prometheus.MvxCollector;
import io.mvx.metrics.prometheus.MvxPrometheusServer;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RecorderStats;
import io.mvx.metrics.test.server.TestCertificates;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.prometheus.client.CollectorRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every snippet of README.md and docs/ for real: servers on 127.0.0.1 (or all interfaces with TLS), port 0. */
class SnippetsTest {

  @Test
  void quickStart_printsTheLabelledCounterAndTheHistogram() {
    String out = capture(() -> QuickStart.main(new String[0]));

    assertThat(out).contains(
        "{name=document_storage.save.attempts, dimensions={total{outcome=success}=2.0, total{outcome=failure}=1.0}}");
    assertThat(out).contains("count=3");
  }

  @Test
  void seedWiring_countsTwoSuccessesAndAFailure() {
    Map<String, MetricSnapshot> snapshots = SeedWiring.run();

    assertThat(snapshots.get("document_storage.save.attempts").asMap().get("dimensions"))
        .isEqualTo(Map.of("total{outcome=success}", 2.0, "total{outcome=failure}", 1.0));
    assertThat(snapshots.get("document_storage.save").values().get(0).value()).isEqualTo(3);
  }

  @Test
  void readyMadeMetrics_makeTheSameSnapshotsAsTheDemosExplicitClasses() {
    try (MetricsRuntime runtime = started("ready.metrics")) {
      RuntimeRecorder explicit = runtime.createRecorder("explicit");
      RuntimeRecorder readyMade = runtime.createRecorder("ready_made");
      new DocumentStorage(explicit);
      ReadyMadeMetrics.register(readyMade);
      for (DocumentSaveAttempt attempt : List.of(new DocumentSaveAttempt(true, 0.004),
          new DocumentSaveAttempt(false, 0.3), new DocumentSaveAttempt(true, 7))) {
        explicit.registerEvent(attempt);
        readyMade.registerEvent(attempt);
      }

      assertThat(readyMade.getMetricSnapshots()).isEqualTo(explicit.getMetricSnapshots());
    }
  }

  @Test
  void perConnection_recorderIsGoneAfterTheConnectionCloses_withItsFinalState() {
    try (MetricsRuntime runtime = started("networking.metrics")) {
      PerConnectionRecorders.run(runtime);

      assertThat(runtime.listRecorderIds()).isEmpty(); // at once: removal does not wait for the drain
      runtime.snapshot(); // the processing thread has caught up with the removal
      assertThat(runtime.stats().processed()).isEqualTo(1);
    }
  }

  @Test
  void idleExpiry_isStartedAndHoldsTheSession() {
    try (MetricsRuntime runtime = IdleExpiry.run()) {
      assertThat(runtime.listRecorderIds()).containsExactly("session-42");
      assertThatThrownBy(() -> {
        for (int i = 0; i < 50_000; i++) {
          runtime.createRecorder("extra-" + i);
        }
      }).isInstanceOf(MetricsException.class)
          .extracting(e -> ((MetricsException) e).reasonCode()).isEqualTo("RECORDER_LIMIT_EXCEEDED");
    }
  }

  @Test
  void capacity_printsTheRecordersAccounting() {
    try (MetricsRuntime runtime = started("audit.metrics")) {
      RecorderStats[] stats = new RecorderStats[1];
      String out = capture(() -> stats[0] = Capacity.run(runtime));

      assertThat(out).contains("accepted 0, dropped 0, rejected 0, pending 0");
      assertThat(stats[0].accepted()).isZero();
    }
  }

  @Test
  void prometheusClientJava_servesTheRuntime() throws IOException {
    try (MetricsRuntime runtime = startedWithStorage()) {
      List<String> scrapes = new ArrayList<>();
      PrometheusClientJava.serve(runtime, 0, port -> scrapes.add(get(HttpClient.newHttpClient(),
          "http://127.0.0.1:" + port + "/metrics", null)));

      assertThat(scrapes).singleElement().asString().contains(
          "example_metrics_document_storage_save_attempts_total{outcome=\"success\",recorder=\"document_storage\"} 1.0");
    }
  }

  @Test
  void prometheusSimpleclient_servesTheRuntime_withOrWithoutScrapePassword() throws IOException {
    String password = System.getenv("SCRAPE_PASSWORD");
    try (MetricsRuntime runtime = startedWithStorage()) {
      List<String> scrapes = new ArrayList<>();
      PrometheusSimpleclient.serve(runtime, 0, port -> scrapes.add(get(HttpClient.newHttpClient(),
          "http://127.0.0.1:" + port + "/metrics", password)));

      assertThat(scrapes).singleElement().asString().contains(
          "example_metrics_document_storage_save_attempts_total{recorder=\"document_storage\",outcome=\"success\",} 1.0");
    }
  }

  @Test
  void prometheusTls_servesHttpsWithBasicAuthentication(@TempDir Path dir) throws Exception {
    TestCertificates certificates = TestCertificates.create(dir);
    try (MetricsRuntime runtime = startedWithStorage()) {
      CollectorRegistry registry = new CollectorRegistry();
      new MvxCollector(runtime).register(registry);
      try (MvxPrometheusServer server = PrometheusTls.start(registry, 0, certificates.pkcs12(),
          certificates.password(), "s3cret")) {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificates)).build();

        assertThat(get(client, "https://127.0.0.1:" + server.port() + "/metrics", "s3cret"))
            .contains("example_metrics_document_storage_save_attempts_total");
      }
    }
  }

  @Test
  void micrometer_bindsTheRuntime_andCloseRemovesItsMeters() {
    try (MetricsRuntime runtime = startedWithStorage()) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      List<Double> counts = new ArrayList<>();
      MicrometerBinding.bind(runtime, registry, bound -> counts.add(
          bound.get("example.metrics.document_storage.save.attempts").tag("outcome", "success")
              .functionCounter().count()));

      assertThat(counts).containsExactly(1.0);
      assertThat(registry.find("example.metrics.document_storage.save.attempts").meters()).isEmpty();
    }
  }

  @Test
  void openTelemetry_exportsCountersAndHistograms_thenShutsDownInOrder() {
    MetricsRuntime runtime = startedWithStorage();
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    List<String> names = new ArrayList<>();
    OpenTelemetryExport.export(runtime, reader, () -> reader.collectAllMetrics().stream()
        .map(MetricData::getName).forEach(names::add));

    assertThat(names).contains("document_storage.save.attempts", "document_storage.save.duration");
    assertThat(runtime.getStatus().name()).isEqualTo("CLOSED");
  }

  @Test
  void openTelemetry_otlpReader_isBuiltWithoutConnecting() {
    var reader = OpenTelemetryExport.otlpReader();

    assertThat(reader.toString()).contains("OtlpGrpcMetricExporter", "otel-collector:4317");
    // registered but with no instrument, its final flush has nothing to send: no connection is attempted
    var meterProvider = io.opentelemetry.sdk.metrics.SdkMeterProvider.builder().registerMetricReader(reader).build();
    assertThat(meterProvider.shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isTrue();
  }

  private static MetricsRuntime started(String namespace) {
    MetricsRuntime runtime = MetricsRuntime.builder(namespace).logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    return runtime;
  }

  private static MetricsRuntime startedWithStorage() {
    MetricsRuntime runtime = started("example.metrics");
    new DocumentStorage(runtime.createRecorder("document_storage")).saveDocument("doc-001", "First document");
    return runtime;
  }

  private static String get(HttpClient client, String uri, String password) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri));
    if (password != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString(("prometheus:" + password).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(uri).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static SSLContext trusting(TestCertificates certificates) throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = java.nio.file.Files.newInputStream(certificates.caPem())) {
      trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    return context;
  }

  private static String capture(Runnable action) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
