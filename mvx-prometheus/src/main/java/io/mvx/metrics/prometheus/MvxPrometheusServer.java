package io.mvx.metrics.prometheus;

import com.sun.net.httpserver.HttpServer;
import io.mvx.metrics.MetricsRuntime;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves a Prometheus registry over HTTP, built on simpleclient's {@link HTTPServer}.
 *
 * <pre>{@code
 * try (MvxPrometheusServer server = MvxPrometheusServer.builder(runtime)
 *     .port(9400)
 *     .basicAuthentication("prometheus", System.getenv("METRICS_PASSWORD"))
 *     .build()) {
 *   // scrape http://127.0.0.1:9400/metrics
 * }
 * }</pre>
 *
 * <p>Paths, formats and threads are simpleclient's: {@code /metrics} (and {@code /}) answer with the
 * registry in text format 0.0.4, or OpenMetrics 1.0.0 when the {@code Accept} header asks for
 * {@code application/openmetrics-text}, gzip-compressed when {@code Accept-Encoding} allows it, and
 * filtered by {@code name[]} query parameters; {@code /-/healthy} answers {@code Exporter is Healthy.}.
 * With {@linkplain Builder#basicAuthentication authentication} every path, {@code /-/healthy} included,
 * answers 401 without valid credentials. Requests are served by up to five daemon threads.
 *
 * <p>The server binds 127.0.0.1 unless told otherwise. It does not own the runtime: closing the server
 * leaves the runtime running, and shutting the runtime down leaves the server answering with the final
 * statistics.
 */
public final class MvxPrometheusServer implements AutoCloseable {

  private final HTTPServer server;
  private final InetSocketAddress address;
  private final CollectorRegistry registry;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MvxPrometheusServer(HTTPServer server, InetSocketAddress address, CollectorRegistry registry) {
    this.server = server;
    this.address = address;
    this.registry = registry;
  }

  /**
   * A builder serving a new {@link CollectorRegistry} that holds a {@link MvxCollector} for
   * {@code runtime}.
   *
   * @param runtime the runtime to export
   * @return a builder binding 127.0.0.1 on an ephemeral port, without authentication
   */
  public static Builder builder(MetricsRuntime runtime) {
    Objects.requireNonNull(runtime, "runtime");
    return new Builder(null, runtime);
  }

  /**
   * A builder serving {@code registry} as it is, e.g. {@link CollectorRegistry#defaultRegistry} with a
   * {@link MvxCollector} registered by the application.
   *
   * @param registry the registry to serve
   * @return a builder binding 127.0.0.1 on an ephemeral port, without authentication
   */
  public static Builder builder(CollectorRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return new Builder(registry, null);
  }

  /**
   * The port the server is bound to (the chosen one when it was built with port 0).
   *
   * @return the bound port
   */
  public int port() {
    return address.getPort();
  }

  /**
   * The address the server is bound to.
   *
   * @return the bound address and port
   */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * The registry being served.
   *
   * @return the registry given to the builder, or the one it created for a runtime
   */
  public CollectorRegistry registry() {
    return registry;
  }

  /** Stops answering and releases the port and threads; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.close();
    }
  }

  @Override
  public String toString() {
    return "MvxPrometheusServer{address=" + address + ", closed=" + closed.get() + "}";
  }

  /**
   * Configures and starts a {@link MvxPrometheusServer}.
   *
   * <pre>{@code
   * MvxPrometheusServer server = MvxPrometheusServer.builder(CollectorRegistry.defaultRegistry)
   *     .allInterfaces()
   *     .port(9400)
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    static final String LOOPBACK = "127.0.0.1";

    private final CollectorRegistry registry;
    private final MetricsRuntime runtime;
    private String host = LOOPBACK;
    private int port;
    private BasicCredentials credentials;

    private Builder(CollectorRegistry registry, MetricsRuntime runtime) {
      this.registry = registry;
      this.runtime = runtime;
    }

    /**
     * The host name or IP address to bind (default {@code 127.0.0.1}: reachable from this machine only).
     *
     * @param host e.g. {@code "127.0.0.1"}, {@code "::1"}, {@code "10.0.0.5"}, {@code "0.0.0.0"}
     * @return this builder
     */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("'" + host + "': host must not be blank");
      }
      this.host = host.strip();
      return this;
    }

    /**
     * Binds the wildcard address, reachable on every interface of the machine.
     *
     * @return this builder
     */
    public Builder allInterfaces() {
      this.host = null;
      return this;
    }

    /**
     * The port to bind (default 0: an ephemeral port, read it back with {@link MvxPrometheusServer#port()}).
     *
     * @param port between 0 and 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(port + ": port must be between 0 and 65535");
      }
      this.port = port;
      return this;
    }

    /**
     * Requires HTTP Basic authentication with these credentials on every path (realm {@code mvx-metrics});
     * the comparison takes the same time however close a guess is. Basic authentication sends the password
     * in clear text: use it on a trusted network or behind TLS.
     *
     * @param username non-empty, without {@code ':'} and control characters
     * @param password non-empty
     * @return this builder
     */
    public Builder basicAuthentication(String username, String password) {
      this.credentials = new BasicCredentials(username, password);
      return this;
    }

    /**
     * Binds the address and starts answering.
     *
     * @return the running server; close it to stop
     * @throws UnknownHostException when the host cannot be resolved
     * @throws IOException when the address cannot be bound (e.g. the port is in use)
     */
    public MvxPrometheusServer build() throws IOException {
      InetSocketAddress requested = host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
      if (requested.isUnresolved()) {
        throw new UnknownHostException(host + ": host cannot be resolved");
      }
      CollectorRegistry served = registry;
      if (served == null) {
        served = new CollectorRegistry();
        served.register(new MvxCollector(runtime));
      }
      HttpServer http;
      try {
        http = HttpServer.create(requested, 0);
      } catch (IOException e) {
        throw new IOException(requested + ": cannot bind the metrics server: " + e.getMessage(), e);
      }
      try {
        HTTPServer.Builder builder = new HTTPServer.Builder()
            .withHttpServer(http)
            .withRegistry(served)
            .withDaemonThreads(true);
        if (credentials != null) {
          builder.withAuthenticator(credentials);
        }
        return new MvxPrometheusServer(builder.build(), http.getAddress(), served);
      } catch (IOException | RuntimeException e) {
        http.stop(0);
        throw e;
      }
    }
  }
}
