package io.mvx.metrics.test.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.test.FixedMetric;
import io.mvx.metrics.test.TestMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What both scrape endpoints promise about Prometheus' {@code X-Prometheus-Scrape-Timeout-Seconds} header:
 * while a metric holds the processing thread, a scrape that sends the header answers within it, with the
 * healthy recorders' last good series and {@code mvx_runtime_snapshot_age_seconds} above zero, never the
 * statistics alone. The runtime's operation timeout is two minutes, far beyond the generous wait for the
 * answer, so only the header can make the scrape answer in time. Each endpoint's test extends it.
 */
public abstract class ScrapeDeadlineContract {

  /**
   * A started endpoint.
   *
   * @param port the bound port on 127.0.0.1
   * @param close stops it
   */
  public record Endpoint(int port, Runnable close) {}

  private MetricsRuntime runtime;
  private Endpoint endpoint;

  /** For subclasses. */
  protected ScrapeDeadlineContract() {}

  /**
   * Starts the endpoint under test, serving {@code runtime} on 127.0.0.1, port 0, plain HTTP.
   *
   * @param runtime the runtime to serve
   * @return the started endpoint
   * @throws IOException when it cannot start
   */
  protected abstract Endpoint start(MetricsRuntime runtime) throws IOException;

  /** Closes the endpoint and the runtime. */
  @AfterEach
  void closeAll() {
    if (endpoint != null) {
      endpoint.close().run();
    }
    if (runtime != null) {
      runtime.shutdown();
    }
  }

  /**
   * The contract.
   *
   * @throws Exception when the scrape fails
   */
  @Test
  void scrapeWithTimeoutHeader_whileAMetricHoldsTheProcessingThread_servesTheLastGoodSeriesWithTheirAge()
      throws Exception {
    runtime = MetricsRuntime.builder("deadline").operationTimeout(Duration.ofMinutes(2))
        .handlerTimeout(Duration.ofMinutes(10)).build(); // late, not hung: no takeover in this test
    runtime.start();
    runtime.createRecorder("healthy").registerMetric(
        new FixedMetric(MetricSnapshot.builder("queue").gauge("depth", 7).build()));
    RuntimeRecorder stuck = runtime.createRecorder("stuck");
    TestMetrics.Blocking blocking = new TestMetrics.Blocking("blocking");
    stuck.registerMetric(blocking);
    endpoint = start(runtime);
    assertThat(value(scrape(null), "deadline_queue_depth")).hasValue(7); // a good cut, taken fresh

    stuck.registerEvent(new TestMetrics.Ping());
    assertThat(blocking.entered().await(1, TimeUnit.MINUTES)).isTrue();
    try {
      String late = CompletableFuture.supplyAsync(() -> scrape("1")).get(60, TimeUnit.SECONDS);

      assertThat(value(late, "deadline_queue_depth")).hasValue(7);
      assertThat(value(late, "deadline_blocking_handled_total")).hasValue(0);
      assertThat(value(late, "mvx_runtime_snapshot_age_seconds").orElse(0)).isPositive();
    } finally {
      blocking.release().countDown();
    }
    assertThat(value(scrape(null), "mvx_runtime_snapshot_age_seconds")).hasValue(0);
  }

  private String scrape(String timeoutHeader) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"));
    if (timeoutHeader != null) {
      request.header("X-Prometheus-Scrape-Timeout-Seconds", timeoutHeader);
    }
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of the first sample called {@code name} in a text exposition. */
  private static OptionalDouble value(String exposition, String name) {
    Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)").matcher(exposition);
    return sample.find() ? OptionalDouble.of(Double.parseDouble(sample.group(2))) : OptionalDouble.empty();
  }
}
