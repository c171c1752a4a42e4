package io.mvx.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.spring.boot.app.LatencyMetric;
import io.mvx.metrics.spring.boot.app.StarterTestApplication;
import io.mvx.metrics.test.TestMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A metric whose {@code handleEvent} blocks, in a real Boot web application: {@code /actuator/health} turns
 * DOWN with {@code hung: 1}, while {@code /actuator/prometheus} keeps serving the healthy recorder next to it
 * and the hung recorder's last good values. The context is closed after the class: a hang is counted until the
 * runtime restarts.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "server.address=127.0.0.1",
    "spring.test.observability.auto-configure=true",
    "spring.application.name=shop",
    "mvx.handler-timeout=200ms",
    "management.endpoints.web.exposure.include=health,prometheus",
    "management.endpoint.health.show-details=always"})
@DirtiesContext
class MvxHungMetricHealthTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final TestMetrics.Blocking blocking = new TestMetrics.Blocking("blocking");

  @Value("${local.server.port}")
  private int port;

  @Autowired
  private MetricsRuntime runtime;

  @AfterEach
  void releaseTheHungThread() {
    blocking.release().countDown();
  }

  @Test
  void aHungMetric_turnsHealthDown_andTheScrapeGoesOnWithoutIt() {
    RuntimeRecorder healthy = runtime.createRecorder("session-healthy");
    healthy.registerMetric(new LatencyMetric());
    healthy.registerEvent(new LatencyMetric.Request(0.02));
    RuntimeRecorder stuck = runtime.createRecorder("session-stuck");
    stuck.registerMetric(blocking);
    assertThat(response("/actuator/health/mvx").statusCode()).isEqualTo(200);
    String before = response("/actuator/prometheus").body();
    assertThat(value(before, "shop_blocking_handled_total", "session-stuck")).isZero();

    stuck.registerEvent(() -> "block");

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      HttpResponse<String> health = response("/actuator/health/mvx");
      assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
      assertThat(health.body().replace(" ", "")).contains("\"status\":\"DOWN\"").contains("\"hung\":1");
    });
    assertThat(stuck.getStatus()).isEqualTo(MetricsRecorderState.FAILURE);

    healthy.registerEvent(new LatencyMetric.Request(0.3));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      HttpResponse<String> scrape = response("/actuator/prometheus");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(value(scrape.body(), "shop_request_latency_seconds_count", "session-healthy")).isEqualTo(2);
      assertThat(value(scrape.body(), "shop_blocking_handled_total", "session-stuck")).isZero();
    });
  }

  /** The value of the one sample of {@code family} for {@code recorder}. */
  private static double value(String scrape, String family, String recorder) {
    return scrape.lines()
        .filter(line -> line.startsWith(family + "{") && line.contains("recorder=\"" + recorder + "\""))
        .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .reduce((a, b) -> {
          throw new AssertionError(family + " for " + recorder + " twice in\n" + scrape);
        })
        .orElseThrow(() -> new AssertionError(family + " for " + recorder + " missing in\n" + scrape));
  }

  private HttpResponse<String> response(String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(path, e);
    }
  }
}
