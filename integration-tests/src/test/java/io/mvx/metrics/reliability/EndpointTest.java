package io.mvx.metrics.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.prometheus.MvxPrometheusServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Prometheus HTTP endpoint ({@link MvxPrometheusServer}) as an attacker and a crowd of scrapers see it:
 * loopback only by default, nothing but 401 without the right credentials, and a burst of
 * {@value #CLIENTS} clients x {@value #REQUESTS} requests served without an error.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EndpointTest {

  static final int CLIENTS = 50;
  static final int REQUESTS = 20;
  static final String USER = "scraper";
  static final String PASSWORD = "correct horse battery staple";

  private MetricsRuntime runtime;
  private final List<MvxPrometheusServer> servers = new ArrayList<>();

  @BeforeEach
  void startRuntime() {
    runtime = new MetricsRuntime("reliability.endpoint");
    runtime.start();
    for (int i = 0; i < 20; i++) {
      RuntimeRecorder recorder = runtime.createRecorder("conn-" + i);
      recorder.registerMetric(new HitCounter("hits"));
      recorder.registerEvent(Hit.ONE);
    }
  }

  @AfterEach
  void stop() {
    servers.forEach(MvxPrometheusServer::close);
    runtime.shutdown();
  }

  private MvxPrometheusServer serve(MvxPrometheusServer.Builder builder) throws IOException {
    MvxPrometheusServer server = builder.build();
    servers.add(server);
    return server;
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
  }

  private static HttpResponse<String> get(HttpClient client, MvxPrometheusServer server, String path,
      String authorization) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(60));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void defaultServer_bindsLoopbackOnAnEphemeralPort_andIsUnreachableFromOtherInterfaces() throws Exception {
    MvxPrometheusServer server = serve(MvxPrometheusServer.builder(runtime));

    assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(server.port()).isPositive();
    HttpResponse<String> answer = get(client(), server, "/metrics", null);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(TextExposition.parse(answer.body()).value("reliability_endpoint_hits_count_total",
        Map.of("recorder", "conn-0"))).hasValue(1);

    List<InetAddress> external = new ArrayList<>();
    for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (network.isUp() && !network.isLoopback()) {
        Collections.list(network.getInetAddresses()).stream()
            .filter(address -> address instanceof Inet4Address && !address.isLinkLocalAddress())
            .forEach(external::add);
      }
    }
    for (InetAddress address : external) {
      assertThatThrownBy(() -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(address, server.port()), 5_000);
        }
      }).as("connecting through %s", address).isInstanceOf(ConnectException.class);
    }
    Figures.report("endpoint", "default bind %s; refused on %d other interface address(es) %s",
        server.address(), external.size(), external);
  }

  @Test
  void basicAuthentication_missingOrWrongCredentials_get401AndNoMetricData() throws Exception {
    MvxPrometheusServer server = serve(MvxPrometheusServer.builder(runtime).basicAuthentication(USER, PASSWORD));
    List<String> refused = new ArrayList<>();
    refused.add(null);
    refused.add(basic(USER, "wrong"));
    refused.add(basic("someone", PASSWORD));
    refused.add(basic(USER, ""));
    refused.add(basic(USER, PASSWORD + " "));
    refused.add(basic(USER.toUpperCase(), PASSWORD));
    refused.add("Basic ");
    refused.add("Bearer " + PASSWORD);
    refused.add(basic(USER, PASSWORD).replace("Basic", "Digest"));
    // malformed Basic credentials: the JDK's BasicAuthenticator throws on them and the server drops the
    // connection without an answer (see RELIABILITY.md); what matters here is that no data comes back
    List<String> malformed = List.of(
        "Basic " + Base64.getEncoder().encodeToString(USER.getBytes(StandardCharsets.UTF_8)),
        "Basic !!not-base64!!");

    for (String path : List.of("/metrics", "/", "/-/healthy", "/metrics?name[]=mvx_runtime_recorders")) {
      for (String authorization : refused) {
        HttpResponse<String> answer = get(client(), server, path, authorization);
        assertThat(answer.statusCode()).as("%s with %s", path, authorization).isEqualTo(401);
        if (authorization == null || authorization.startsWith("Basic ") && authorization.length() > 6) {
          assertThat(answer.headers().firstValue("WWW-Authenticate")).as("challenge for %s", authorization)
              .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic realm="));
        }
        assertNoMetricData(answer.body());
      }
      for (String authorization : malformed) {
        try {
          HttpResponse<String> answer = get(client(), server, path, authorization);
          assertThat(answer.statusCode()).as("%s with %s", path, authorization).isEqualTo(401);
          assertNoMetricData(answer.body());
        } catch (IOException dropped) {
          // no answer at all: no data either
        }
      }
    }
    HttpResponse<String> answer = get(client(), server, "/metrics", basic(USER, PASSWORD));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(TextExposition.parse(answer.body()).value("mvx_runtime_recorders",
        Map.of("namespace", "reliability.endpoint"))).hasValue(20);
  }

  private static void assertNoMetricData(String body) {
    assertThat(body).as("no metric data").doesNotContain("mvx_runtime", "reliability", "conn-", "# TYPE", "# HELP",
        "Healthy");
  }

  @Test
  void burstOfConcurrentScrapes_isServedWithoutErrorAndEveryAnswerParses() throws Exception {
    MvxPrometheusServer server = serve(MvxPrometheusServer.builder(runtime).basicAuthentication(USER, PASSWORD));
    String authorization = basic(USER, PASSWORD);
    try (Workers workers = new Workers("endpoint")) {
      AtomicBoolean stop = new AtomicBoolean();
      RuntimeRecorder busy = runtime.getRecorder("conn-0");
      workers.submit("producer", () -> { // the counters move while the burst reads them
        while (!stop.get()) {
          busy.registerEvent(Hit.ONE);
          Thread.yield();
        }
        return null;
      });
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(workers.submit("client-" + c, () -> {
          HttpClient client = client();
          go.await();
          double last = 0;
          for (int r = 0; r < REQUESTS; r++) {
            HttpResponse<String> answer = get(client, server, "/metrics", authorization);
            assertThat(answer.statusCode()).isEqualTo(200);
            TextExposition scrape = TextExposition.parse(answer.body());
            assertThat(scrape.value("mvx_runtime_recorders", Map.of("namespace", "reliability.endpoint")))
                .hasValue(20);
            double hits = scrape.value("reliability_endpoint_hits_count_total", Map.of("recorder", "conn-0"))
                .orElseThrow();
            assertThat(hits).as("a counter never goes back between one client's scrapes").isGreaterThanOrEqualTo(last);
            last = hits;
          }
          return REQUESTS;
        }));
      }
      long started = System.nanoTime();
      go.countDown();
      int served = 0;
      for (Future<Integer> client : clients) {
        served += client.get(2, TimeUnit.MINUTES);
      }
      long took = System.nanoTime() - started;
      stop.set(true);
      assertThat(workers.errors()).isEmpty();
      assertThat(served).isEqualTo(CLIENTS * REQUESTS);
      Figures.report("endpoint", "%d clients x %d authenticated scrapes: %d answers, all 200 and parsed, in %.1f s",
          CLIENTS, REQUESTS, served, took / 1e9);
    }
  }
}
