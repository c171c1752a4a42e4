package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mvx.metrics.Histogram;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.prometheus.metrics.MvxPrometheusMetricsServer;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.test.PrometheusBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus 2.42 started with {@code --enable-feature=native-histograms} scrapes the client_java 1.x
 * endpoint (it asks for the protobuf format, which carries native histograms), ingests a histogram made with
 * {@code Histogram.exponential(160)} as a native histogram, and answers
 * {@code histogram_quantile(0.99, rate(...))} within the schema's relative error of the known distribution.
 *
 * <p>The bound: Prometheus finds the native bucket {@code (lower, upper]} that holds the rank-th observation
 * (rank {@code 0.99 * count}) and interpolates inside it, so both its answer and the true p99 lie in that
 * bucket, and {@code upper / lower} is the base {@code 2^(2^-schema)}: the relative error is at most
 * {@code 2^(2^-schema) - 1}.
 */
class PrometheusNativeHistogramTest {

  private static final String NAMESPACE = "native_test";
  private static final String SERIES = "native_test_request_latency_seconds";
  /** Observations per round: 50 ms, 50.5 ms, ... 549.5 ms (uniform, deterministic). */
  private static final int N = 1000;

  @TempDir
  Path directory;

  private MetricsRuntime runtime;
  private MvxPrometheusMetricsServer server;
  private PrometheusProcess prometheus;

  @AfterEach
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (server != null) {
      server.close();
    }
    if (runtime != null) {
      runtime.shutdown();
    }
  }

  private static double observation(int k) {
    return 0.050 + k * 0.0005;
  }

  @Test
  void prometheusIngestsANativeHistogram_andAnswersItsP99WithinTheSchemasError() throws Exception {
    Path binary = PrometheusBinary.require("prometheus");
    runtime = new MetricsRuntime(NAMESPACE);
    runtime.start();
    RuntimeRecorder recorder = runtime.createRecorder("api");
    recorder.registerMetric(new LatencyMetric());
    recordOneRound(recorder);
    server = MvxPrometheusMetricsServer.builder(runtime).build();

    int schema = Math.min(8, recorder.getMetricSnapshots().get("request.latency").values().get(0)
        .histogram().orElseThrow().exponential().orElseThrow().scale());
    double relativeError = Math.pow(2, Math.pow(2, -schema)) - 1;
    double trueP99 = observation((int) Math.ceil(0.99 * N) - 1); // the 990th smallest of 1000: 0.5445
    assertThat(schema).as("160 buckets over 50..550 ms").isEqualTo(5);
    assertThat(relativeError).isCloseTo(0.0219, offset(0.0001));

    Path config = directory.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: mvx-native",
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + server.port() + "']",
        ""));
    prometheus = PrometheusProcess.start(binary, directory.resolve("prometheus.log"),
        "--config.file=" + config,
        "--storage.tsdb.path=" + directory.resolve("data"),
        "--enable-feature=native-histograms");

    // ingested as a native histogram (the query answers with "histogram", not "value") holding round one
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode result = prometheus.query(SERIES);
          assertThat(result).hasSize(1);
          assertThat(result.get(0).path("histogram").get(1).path("count").asText()).isEqualTo(String.valueOf(N));
        });
    recordOneRound(recorder); // the increase the rate sees: the same distribution once more

    String promql = "histogram_quantile(0.99, rate(" + SERIES + "[1m]))";
    double[] answered = new double[1];
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode result = prometheus.query(promql);
          assertThat(result).hasSize(1);
          answered[0] = Double.parseDouble(result.get(0).path("value").get(1).asText());
          assertThat(answered[0]).as("%s (true p99 %s, schema %d)", promql, trueP99, schema).isFinite();
        });
    assertThat(Math.abs(answered[0] / trueP99 - 1))
        .as("Prometheus answered %s for a true p99 of %s; schema %d allows %s", answered[0], trueP99, schema,
            relativeError)
        .isLessThanOrEqualTo(relativeError);
  }

  private static void recordOneRound(RuntimeRecorder recorder) {
    for (int k = 0; k < N; k++) {
      recorder.registerEvent(new Observed(observation(k)));
    }
  }

  /** One observed request latency, in seconds. */
  private record Observed(double seconds) implements MetricEvent {
    @Override
    public String eventType() {
      return "request.observed";
    }
  }

  /** Request latencies in an exponential histogram of 160 buckets. */
  private static final class LatencyMetric implements Metric {
    private final Histogram histogram = Histogram.exponential(160);

    @Override
    public String metricName() {
      return "request.latency";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      if (!(event instanceof Observed observed)) {
        return false;
      }
      histogram.record(observed.seconds());
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder(metricName())
          .description("Request latency")
          .unit("s")
          .histogram("seconds", histogram.snapshot())
          .build();
    }
  }
}
