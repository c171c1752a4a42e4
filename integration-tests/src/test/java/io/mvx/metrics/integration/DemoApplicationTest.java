package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.examples.DemoApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoApplicationTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @ParameterizedTest
  @CsvSource({"1x, client_java 1.x", "simpleclient, simpleclient", ", client_java 1.x"})
  void demo_startsServesAndShutsDownCleanly(String prometheusClient, String served) throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    List<String> args = new ArrayList<>(List.of("--port", "0", "--connections", "5", "--summary-interval", "200ms"));
    if (prometheusClient != null) {
      args.addAll(List.of("--prometheus-client", prometheusClient));
    }
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> DemoApplication.run(
        args.toArray(String[]::new), print(out), print(err), stop, false));

    await().atMost(Duration.ofSeconds(30)).until(() -> text(out).contains("Prometheus endpoint"));
    await().atMost(Duration.ofSeconds(30)).until(() -> text(out).contains("/metrics (" + served + ")"));
    Matcher endpoint = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/metrics").matcher(text(out));
    assertThat(endpoint.find()).isTrue();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest scrape = HttpRequest.newBuilder(URI.create(endpoint.group())).build();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      HttpResponse<String> response = client.send(scrape, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      // simpleclient ends a label set with a comma, client_java 1.x does not
      assertThat(response.body())
          .containsPattern("example_metrics_document_storage_save_attempts_total\\{(recorder=\"document_storage\","
              + "outcome=\"success\"|outcome=\"success\",recorder=\"document_storage\"),?}")
          .contains("example_metrics_tcp_stream_bytes_received_bytes_total{recorder=\"connection-")
          .containsPattern("mvx_runtime_recorders\\{namespace=\"example.metrics\",?} 6.0");
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> text(out).contains("save attempts via prometheus="));

    stop.countDown();

    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(text(out)).containsPattern("shut down cleanly: (\\d+) events accepted, \\1 processed, 0 pending");
    assertThat(text(err)).isEmpty();
  }

  @Test
  void badArguments_printUsageAndExitNonZero() {
    CountDownLatch stop = new CountDownLatch(0);

    int status = DemoApplication.run(new String[] {"--connections", "many"}, print(out), print(err), stop, false);

    assertThat(status).isEqualTo(2);
    assertThat(text(err)).contains("'many': --connections must be a number from 0 to 100000")
        .contains("usage: java -jar mvx-demo.jar");
    assertThat(DemoApplication.run(new String[] {"--bogus"}, print(out), print(err), stop, false)).isEqualTo(2);
    assertThat(DemoApplication.run(new String[] {"--duration", "-1s"}, print(out), print(err), stop, false))
        .isEqualTo(2);
    assertThat(DemoApplication.run(new String[] {"--prometheus-client", "0.16"}, print(out), print(err), stop,
        false)).isEqualTo(2);
    assertThat(DemoApplication.run(new String[] {"--prometheus-client"}, print(out), print(err), stop, false))
        .isEqualTo(2);
    assertThat(text(err)).contains("unknown option '--bogus'")
        .contains("'-1s': --duration must be a positive duration")
        .contains("'0.16': --prometheus-client must be 1x or simpleclient")
        .contains("--prometheus-client needs a value");
  }

  @Test
  void help_printsUsageAndExitsZero() {
    assertThat(DemoApplication.run(new String[] {"--help"}, print(out), print(err), new CountDownLatch(0), false))
        .isZero();
    assertThat(text(out)).contains("--port N", "--connections N", "--duration D", "--prometheus-client 1x|simpleclient");
  }

  @Test
  void duration_endsTheRunByItself() {
    int status = DemoApplication.run(new String[] {"--port", "0", "--connections", "2", "--duration", "300ms"},
        print(out), print(err), new CountDownLatch(1), false);

    assertThat(status).isZero();
    assertThat(text(out)).contains("running for 0 s", "shut down cleanly");
  }

  private static PrintStream print(ByteArrayOutputStream sink) {
    return new PrintStream(sink, true, StandardCharsets.UTF_8);
  }

  private static String text(ByteArrayOutputStream sink) {
    synchronized (sink) {
      return sink.toString(StandardCharsets.UTF_8);
    }
  }
}
