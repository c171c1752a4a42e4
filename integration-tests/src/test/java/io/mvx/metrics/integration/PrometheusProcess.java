package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} binary) on a free port of 127.0.0.1, started with
 * the flags given; its output goes to a log file. {@link #query(String)} runs an instant query,
 * {@link #queryExemplars(String, double, double)} an exemplar query.
 * {@link #close()} sends SIGTERM and waits, and kills it if it has not ended within 20 s (an agent keeps
 * trying to flush to a remote-write target that is gone for a minute).
 */
final class PrometheusProcess implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final Process process;
  private final int port;
  private final Path log;

  private PrometheusProcess(Path binary, Path log, List<String> flags) throws IOException {
    this.port = freeLoopbackPort();
    this.log = log;
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(flags);
    command.add("--web.listen-address=127.0.0.1:" + port);
    command.add("--log.level=info");
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Starts {@code binary} with {@code flags} plus a listen address on a free port of 127.0.0.1. */
  static PrometheusProcess start(Path binary, Path log, String... flags) throws IOException {
    return new PrometheusProcess(binary, log, List.of(flags));
  }

  /** Its address, {@code 127.0.0.1:port}. */
  String address() {
    return "127.0.0.1:" + port;
  }

  /** Whether it answers {@code /-/ready} with 200. */
  boolean ready() throws InterruptedException {
    try {
      HttpRequest ready = HttpRequest.newBuilder(uri("/-/ready")).build();
      return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The {@code data.result} of an instant query at the server's current time. */
  JsonNode query(String promql) throws IOException, InterruptedException {
    URI query = uri("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(query).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s -> %s", promql, response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("success");
    return body.path("data").path("result");
  }

  /** The {@code data} of an exemplar query over {@code [start, end]} (seconds since the epoch). */
  JsonNode queryExemplars(String promql, double start, double end) throws IOException, InterruptedException {
    URI query = uri("/api/v1/query_exemplars?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&start=" + start + "&end=" + end);
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(query).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s -> %s", promql, response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("success");
    return body.path("data");
  }

  private URI uri(String path) {
    return URI.create("http://" + address() + path);
  }

  /** SIGTERM, then SIGKILL after 20 s; waits for the process to end either way. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "prometheus on " + address() + " (log " + log + ")";
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
