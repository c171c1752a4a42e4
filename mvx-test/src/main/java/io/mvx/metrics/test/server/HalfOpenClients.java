package io.mvx.metrics.test.server;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Clients that start a request and never finish it, as an attacker would: {@code GET /metrics HTTP/1.1},
 * {@code Host: x} and no blank line; over TLS, also clients that stop half-way through the handshake.
 * Closing closes every socket.
 *
 * <p>Test support shared by the server tests of {@code mvx-prometheus} and {@code mvx-prometheus-metrics}
 * (through the {@code mvx-core} test jar); it belongs in {@code mvx-test}.
 */
public final class HalfOpenClients implements AutoCloseable {

  /** What each client sends before it goes quiet. */
  public static final byte[] HALF_REQUEST = "GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);
  /** The start of a TLS record carrying a ClientHello, then nothing: the handshake stalls. */
  private static final byte[] HALF_CLIENT_HELLO = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00};

  private final List<Socket> sockets = new ArrayList<>();

  private HalfOpenClients() {}

  /**
   * Opens {@code count} plain connections that each send {@link #HALF_REQUEST}.
   *
   * @param port the server's port on 127.0.0.1
   * @param count how many connections
   * @return the open clients
   * @throws IOException when a connection fails
   */
  public static HalfOpenClients plain(int port, int count) throws IOException {
    HalfOpenClients clients = new HalfOpenClients();
    try {
      for (int i = 0; i < count; i++) {
        clients.send(clients.connect(port), HALF_REQUEST);
      }
    } catch (IOException | RuntimeException e) {
      clients.close();
      throw e;
    }
    return clients;
  }

  /**
   * Opens {@code stalledHandshakes} connections that send half a ClientHello, then
   * {@code halfRequests} that finish the handshake (trusting through {@code trusting}) and send
   * {@link #HALF_REQUEST}.
   *
   * @param port the server's port on 127.0.0.1
   * @param stalledHandshakes connections that stop within the TLS handshake
   * @param halfRequests connections that stop within the request headers
   * @param trusting a client context that trusts the server
   * @return the open clients
   * @throws IOException when a connection or handshake fails
   */
  public static HalfOpenClients tls(int port, int stalledHandshakes, int halfRequests, SSLContext trusting)
      throws IOException {
    HalfOpenClients clients = new HalfOpenClients();
    try {
      for (int i = 0; i < stalledHandshakes; i++) {
        clients.send(clients.connect(port), HALF_CLIENT_HELLO);
      }
      for (int i = 0; i < halfRequests; i++) {
        SSLSocket tls = (SSLSocket) trusting.getSocketFactory()
            .createSocket(clients.connect(port), "127.0.0.1", port, true);
        clients.sockets.add(tls);
        tls.setSoTimeout(60_000);
        tls.startHandshake();
        clients.send(tls, HALF_REQUEST);
      }
    } catch (IOException | RuntimeException e) {
      clients.close();
      throw e;
    }
    return clients;
  }

  /**
   * Waits until at least {@code count} threads of this JVM are inside the JDK server's exchange, i.e. the
   * server has taken these clients on and is blocked reading them.
   *
   * @param count the threads to wait for
   */
  public static void awaitServerThreadsReading(int count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> serverThreadsReading() >= count);
  }

  /**
   * How many threads of this JVM are running a JDK {@code HttpServer} exchange now.
   *
   * @return the count
   */
  public static long serverThreadsReading() {
    long reading = 0;
    for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
      for (StackTraceElement frame : thread.getValue()) {
        if (frame.getClassName().equals("sun.net.httpserver.ServerImpl$Exchange")) {
          reading++;
          break;
        }
      }
    }
    return reading;
  }

  /**
   * Whether every client's socket is still open on this side.
   *
   * @return true when none was closed here
   */
  public boolean allOpen() {
    return sockets.stream().noneMatch(Socket::isClosed);
  }

  /**
   * The sockets, in the order they were opened.
   *
   * @return the live list
   */
  public List<Socket> sockets() {
    return sockets;
  }

  private Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    sockets.add(socket);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
    socket.setSoTimeout(60_000);
    return socket;
  }

  private void send(Socket socket, byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  @Override
  public void close() {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a test client
      }
    }
  }
}
