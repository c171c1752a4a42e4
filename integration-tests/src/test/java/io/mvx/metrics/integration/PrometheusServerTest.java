package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.test.PrometheusBinary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mvx.metrics.examples.Demo;
import io.mvx.metrics.examples.DemoOptions;
import io.mvx.metrics.examples.SaveLatency;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server scrapes the demo: its query API agrees with the runtime's snapshot, and
 * {@code histogram_quantile} over the save-duration buckets lands within one bucket of the true quantile of
 * the distribution the demo draws its save durations from ({@link SaveLatency}).
 */
class PrometheusServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SAVE_ATTEMPTS =
      "sum by (job) (example_metrics_document_storage_save_attempts_total{recorder=\"document_storage\"})";
  private static final String DURATION = "example_metrics_document_storage_save_duration_seconds";
  private static final String DOCUMENT_STORAGE = "{recorder=\"document_storage\"}";
  /** Saves the demo makes after Prometheus' first scrape: enough for p99 to be well inside its bucket. */
  private static final long SAVES_OBSERVED = 3_000;
  /** Draws of the reference sample of the demo's distribution. */
  private static final int REFERENCE_DRAWS = 1_000_000;

  @TempDir
  Path directory;

  private final HttpClient http = HttpClient.newHttpClient();
  private Process prometheus;
  private Demo demo;

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (demo != null) {
      demo.close();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void prometheusScrapesTheDemo_itsQueryApiReturnsTheSnapshotValue_andQuantilesMatchTheDemosDistribution()
      throws Exception {
    Path binary = PrometheusBinary.require("prometheus");
    demo = Demo.start(new DemoOptions(0, 5, Optional.empty(), Duration.ofSeconds(5)));
    int port = freeLoopbackPort();
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: mvx-demo",
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + demo.port() + "']",
        ""));
    prometheus = new ProcessBuilder(binary.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + directory.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("prometheus.log").toFile())
        .start();
    String api = "http://127.0.0.1:" + port + "/api/v1/";

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> assertThat(get(api + "targets").path("data").path("activeTargets").get(0)
            .path("health").asText()).isEqualTo("up"));
    // the first scrape is behind us: let the demo save enough documents for the quantiles to settle
    long savesAtFirstScrape = saveDurations().count();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
        .until(() -> saveDurations().count() >= savesAtFirstScrape + SAVES_OBSERVED);
    demo.stopTraffic(); // freeze the counters; the next scrapes see their final values
    Map<String, MetricSnapshot> storage = demo.runtime().snapshot().recorders().get("document_storage");
    double expected = storage.get("document_storage.save.attempts").values().stream()
        .mapToDouble(MetricValue::value).sum();
    assertThat(expected).isPositive();

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode result = query(api, SAVE_ATTEMPTS);
          assertThat(result).hasSize(1);
          assertThat(result.get(0).path("metric").path("job").asText()).isEqualTo("mvx-demo");
          assertThat(value(result.get(0))).isEqualTo(expected);
        });

    HistogramValue durations = saveDurations();
    assertThat(durations.count()).isEqualTo((long) expected);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode result = query(api, DURATION + "_count" + DOCUMENT_STORAGE);
          assertThat(result).hasSize(1);
          assertThat(value(result.get(0))).isEqualTo(durations.count());
        });
    double[] reference = referenceSample();
    for (double quantile : new double[] {0.5, 0.95, 0.99}) {
      JsonNode result = query(api, "histogram_quantile(" + quantile + ", sum by (le) (rate(" + DURATION
          + "_bucket" + DOCUMENT_STORAGE + "[5m])))");
      assertThat(result).as("p%s", quantile * 100).hasSize(1);
      double seconds = value(result.get(0));
      double truth = reference[(int) Math.ceil(quantile * reference.length) - 1];
      int bucket = bucketOf(durations, truth);

      assertThat(seconds).as("p%s in seconds", quantile * 100).isFinite()
          .isBetween(lowerBound(durations, bucket - 1), upperBound(durations, bucket + 1));
    }
    assertThat(bucketOf(durations, reference[REFERENCE_DRAWS / 2]))
        .as("the slow tail puts p99 buckets away from the median")
        .isLessThan(bucketOf(durations, reference[REFERENCE_DRAWS / 100 * 99]) - 2);
  }

  /** The demo's save durations as its metric holds them now. */
  private HistogramValue saveDurations() {
    return demo.runtime().snapshot().recorders().get("document_storage").get("document_storage.save")
        .values().get(0).histogram().orElseThrow();
  }

  /** A large deterministic sample of the distribution the demo draws save durations from, sorted. */
  private static double[] referenceSample() {
    SaveLatency latency = new SaveLatency(new Random(20_240_613));
    double[] draws = new double[REFERENCE_DRAWS];
    for (int i = 0; i < draws.length; i++) {
      draws[i] = latency.getAsDouble();
    }
    Arrays.sort(draws);
    return draws;
  }

  /** The bucket {@code seconds} falls in: the first whose upper bound is at least it. */
  private static int bucketOf(HistogramValue histogram, double seconds) {
    int bucket = 0;
    while (seconds > histogram.upperBound(bucket)) {
      bucket++;
    }
    return bucket;
  }

  /** The lower bound of a bucket as histogram_quantile uses it: 0 below the first. */
  private static double lowerBound(HistogramValue histogram, int bucket) {
    return bucket <= 0 ? 0 : histogram.upperBound(bucket - 1);
  }

  /** The upper bound of a bucket, the highest finite bound for the +Inf bucket (as histogram_quantile). */
  private static double upperBound(HistogramValue histogram, int bucket) {
    return histogram.upperBound(Math.min(bucket, histogram.bucketCount() - 2));
  }

  private JsonNode query(String api, String promql) throws IOException, InterruptedException {
    return get(api + "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("data")
        .path("result");
  }

  private static double value(JsonNode series) {
    return Double.parseDouble(series.path("value").get(1).asText());
  }

  private JsonNode get(String uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("success");
    return body;
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
