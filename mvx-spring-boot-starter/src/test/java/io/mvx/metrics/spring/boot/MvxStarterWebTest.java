package io.mvx.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.spring.boot.app.LatencyMetric;
import io.mvx.metrics.spring.boot.app.StarterTestApplication;
import io.mvx.metrics.test.Promtool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The starter in a real Boot web application on 127.0.0.1, scraped over HTTP. */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "server.address=127.0.0.1",
    // Boot 3.5's @SpringBootTest turns metrics export off unless told otherwise
    "spring.test.observability.auto-configure=true",
    "spring.application.name=shop",
    "management.endpoints.web.exposure.include=health,prometheus",
    "management.endpoint.health.show-details=always"})
class MvxStarterWebTest {

  private static final String FAMILY = "shop_request_latency_seconds";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Value("${local.server.port}")
  private int port;

  @Autowired
  private MetricsRuntime runtime;

  @AfterEach
  void removeRecorders() {
    runtime.listRecorderIds().forEach(runtime::stopAndRemoveRecorder);
  }

  @Test
  void prometheusEndpoint_hasHistogramBuckets_eachSeriesOnce_andPromtoolAcceptsIt() {
    RuntimeRecorder session = runtime.createRecorder("session-1");
    session.registerMetric(new LatencyMetric());
    session.registerEvent(new LatencyMetric.Request(0.02));
    session.registerEvent(new LatencyMetric.Request(0.3));

    String scrape = get("/actuator/prometheus");

    assertThat(samples(scrape, FAMILY + "_bucket"))
        .hasSize(5)
        .allSatisfy(line -> assertThat(line).contains("recorder=\"session-1\""))
        .anySatisfy(line -> assertThat(line).contains("le=\"0.05\"").endsWith(" 1"))
        .anySatisfy(line -> assertThat(line).contains("le=\"+Inf\"").endsWith(" 2"));
    assertThat(samples(scrape, FAMILY + "_count")).singleElement().satisfies(line -> assertThat(line).endsWith(" 2"));
    assertThat(samples(scrape, "mvx_runtime_events_accepted_total")).singleElement()
        .satisfies(line -> assertThat(line).contains("namespace=\"shop\""));
    assertThat(duplicateSeries(scrape)).isEmpty();
    assertThat(scrape).containsOnlyOnce("# TYPE " + FAMILY + " histogram");

    Promtool.Result whole = Promtool.checkMetrics(scrape);
    assertThat(whole.parses()).as(whole.toString()).isTrue();
    Promtool.Result mvx = Promtool.checkMetrics(mvxFamilies(scrape));
    assertThat(mvx.clean()).as(mvx.toString()).isTrue();
  }

  @Test
  void removedRecorder_vanishesFromTheScrape() {
    RuntimeRecorder session = runtime.createRecorder("session-2");
    session.registerMetric(new LatencyMetric());
    session.registerEvent(new LatencyMetric.Request(0.02));
    assertThat(samples(get("/actuator/prometheus"), FAMILY + "_count")).hasSize(1);

    runtime.stopAndRemoveRecorder("session-2");

    assertThat(get("/actuator/prometheus")).doesNotContain("session-2").doesNotContain(FAMILY);
  }

  @Test
  void health_showsMvxUpWithDetails() {
    runtime.createRecorder("session-3");

    String health = get("/actuator/health/mvx");

    assertThat(health.replace(" ", ""))
        .contains("\"status\":\"UP\"")
        .contains("\"recorders\":1")
        .contains("\"pending\":")
        .contains("\"dropped\":0")
        .contains("\"hung\":0");
  }

  private String get(String path) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new AssertionError(path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(path, e);
    }
  }

  private static List<String> samples(String scrape, String name) {
    return scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")).toList();
  }

  private static Set<String> duplicateSeries(String scrape) {
    Set<String> seen = new HashSet<>();
    return scrape.lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.substring(0, line.lastIndexOf(' ')))
        .filter(series -> !seen.add(series))
        .collect(Collectors.toSet());
  }

  /** The MVX families alone, comments included, for a strict promtool lint of what MVX writes. */
  private static String mvxFamilies(String scrape) {
    return scrape.lines()
        .filter(line -> line.contains(" shop_") || line.contains(" mvx_") || line.startsWith("shop_")
            || line.startsWith("mvx_"))
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
