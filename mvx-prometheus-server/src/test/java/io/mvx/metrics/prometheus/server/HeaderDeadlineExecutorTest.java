package io.mvx.metrics.prometheus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.mvx.metrics.test.server.HalfOpenClients;

class HeaderDeadlineExecutorTest {

  private HttpServer server;
  private HeaderDeadlineExecutor executor;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private int serve(Duration headerTimeout) throws IOException {
    executor = HeaderDeadlineExecutor.create(headerTimeout, 4);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }).setAuthenticator(executor.authenticator(null));
    server.start();
    return server.getAddress().getPort();
  }

  private static int status(int port) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void halfOpenClient_isClosedByTheServerAfterTheHeaderTimeout() throws Exception {
    int port = serve(Duration.ofMillis(200));

    try (HalfOpenClients client = HalfOpenClients.plain(port, 1)) {
      InputStream in = client.sockets().get(0).getInputStream();
      // the server closes the connection without an answer; the generous soTimeout only guards the test
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(status(port)).isEqualTo(200);
  }

  @Test
  void moreHalfOpenClientsThanThreads_areShedByTheDeadline_andTheScrapeIsServed() throws Exception {
    int port = serve(Duration.ofMillis(300));

    try (HalfOpenClients clients = HalfOpenClients.plain(port, 12)) {
      assertThat(status(port)).isEqualTo(200);
      assertThat(clients.sockets()).hasSize(12);
    }
  }

  @Test
  void completeRequests_areServedOnTheSameThreadsAfterADeadlineInterruptedOne() throws Exception {
    int port = serve(Duration.ofMillis(200));
    try (HalfOpenClients client = HalfOpenClients.plain(port, 1)) {
      assertThat(client.sockets().get(0).getInputStream().read()).isEqualTo(-1);
    }

    for (int i = 0; i < 8; i++) {
      assertThat(status(port)).isEqualTo(200);
    }
  }

  @Test
  void interruptOfAnExpiredTask_neverReachesTheNextTask() throws Exception {
    executor = HeaderDeadlineExecutor.create(Duration.ofMillis(50), 1);
    CountDownLatch never = new CountDownLatch(1);
    CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    executor.execute(() -> {
      try {
        never.await(); // no headersRead: the deadline interrupts it
        interrupted.complete(false);
      } catch (InterruptedException e) {
        interrupted.complete(true);
      }
    });
    assertThat(interrupted.get(60, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Boolean> next = new CompletableFuture<>();
    executor.execute(() -> next.complete(Thread.currentThread().isInterrupted()));
    assertThat(next.get(60, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void create_rejectsBadArgumentsNamingThem() {
    assertThatThrownBy(() -> HeaderDeadlineExecutor.create(null, 1))
        .isInstanceOf(NullPointerException.class).hasMessage("headerTimeout");
    assertThatThrownBy(() -> HeaderDeadlineExecutor.create(Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("0: maxThreads must be at least 1");
  }

  @Test
  void halfOpenSocket_staysOpenOnTheClientSide_whileTheServerHoldsIt() throws Exception {
    int port = serve(Duration.ofMinutes(5));
    try (Socket socket = new Socket("127.0.0.1", port); HalfOpenClients clients = HalfOpenClients.plain(port, 3)) {
      HalfOpenClients.awaitServerThreadsReading(3);
      assertThat(clients.allOpen()).isTrue();
      assertThat(status(port)).isEqualTo(200);
      assertThat(socket.isClosed()).isFalse();
    }
  }
}
