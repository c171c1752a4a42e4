package io.mvx.metrics.prometheus;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.prometheus.server.HeaderDeadlineExecutor;
import io.mvx.metrics.prometheus.server.ScrapeDeadline;
import io.mvx.metrics.prometheus.server.ServerSettings;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves a Prometheus registry over HTTP or HTTPS, with simpleclient's own handler
 * ({@link HTTPServer.HTTPMetricHandler}) on the JDK's server.
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
 * answers 401 without valid credentials.
 *
 * <p>With {@linkplain Builder#tls(Path, String) TLS} it serves HTTPS only (TLS 1.3 and 1.2 by default).
 * Requests are served by up to 64 daemon threads, and a connection that has not delivered its request
 * headers (and, over TLS, finished the handshake) within the {@linkplain Builder#headerTimeout header
 * timeout} (10 seconds by default) is closed, so clients that send half a request cannot silence the
 * endpoint; header size is bounded by the JDK ({@code sun.net.httpserver.maxReqHeaderSize}, 380 KiB).
 *
 * <p>Scrape deadline: a request's {@code X-Prometheus-Scrape-Timeout-Seconds} header (Prometheus sends its
 * {@code scrape_timeout}) limits how long each {@link MvxCollector} of the registry waits for its runtime's
 * snapshot to 85% of that value (never less than 100 ms, never more than the runtime's operation timeout),
 * leaving the rest for writing the response; a late cut is served from each recorder's last good snapshot,
 * with {@code mvx_runtime_snapshot_age_seconds} saying how old it is. Without the header the runtime's
 * operation timeout applies.
 *
 * <p>The server binds 127.0.0.1 unless told otherwise. It does not own the runtime: closing the server
 * leaves the runtime running, and shutting the runtime down leaves the server answering with the final
 * statistics.
 */
public final class MvxPrometheusServer implements AutoCloseable {

  private final HttpServer server;
  private final HeaderDeadlineExecutor executor;
  private final CollectorRegistry registry;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MvxPrometheusServer(HttpServer server, HeaderDeadlineExecutor executor, CollectorRegistry registry) {
    this.server = server;
    this.executor = executor;
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
    return server.getAddress().getPort();
  }

  /**
   * The address the server is bound to.
   *
   * @return the bound address and port
   */
  public InetSocketAddress address() {
    return server.getAddress();
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
      server.stop(0); // closes every connection, which frees threads blocked reading one
      executor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "MvxPrometheusServer{address=" + server.getAddress() + ", closed=" + closed.get() + "}";
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
    private final CollectorRegistry registry;
    private final MetricsRuntime runtime;
    private final ServerSettings settings = new ServerSettings();

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
      settings.host(host);
      return this;
    }

    /**
     * Binds the wildcard address, reachable on every interface of the machine: combine it with
     * {@link #tls(Path, String) TLS} and {@link #basicAuthentication Basic authentication}. Without either,
     * {@link #build()} logs a warning (logger {@code io.mvx.metrics.prometheus.server}): it suits a trusted
     * network only.
     *
     * @return this builder
     */
    public Builder allInterfaces() {
      settings.allInterfaces();
      return this;
    }

    /**
     * The port to bind (default 0: an ephemeral port, read it back with {@link MvxPrometheusServer#port()}).
     *
     * @param port between 0 and 65535
     * @return this builder
     */
    public Builder port(int port) {
      settings.port(port);
      return this;
    }

    /**
     * Requires HTTP Basic authentication with these credentials on every path (realm {@code mvx-metrics});
     * the comparison takes the same time however close a guess is. Basic authentication sends the password
     * in clear text: use it on a trusted network or with {@link #tls(Path, String) TLS}.
     *
     * @param username non-empty, without {@code ':'} and control characters
     * @param password non-empty
     * @return this builder
     */
    public Builder basicAuthentication(String username, String password) {
      settings.basicAuthentication(username, password);
      return this;
    }

    /**
     * Serves HTTPS only, with the private key and certificate chain in a JKS or PKCS#12 key store (the type
     * is detected; the key's password must be the store's). The file is read by {@link #build()}.
     *
     * @param keyStore the key store file
     * @param password the store's password
     * @return this builder
     */
    public Builder tls(Path keyStore, String password) {
      settings.tls(keyStore, password);
      return this;
    }

    /**
     * Serves HTTPS only, with a PEM certificate chain (the server's certificate first, then any
     * intermediates) and its unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}). The
     * files are read by {@link #build()}.
     *
     * @param certificateChain PEM certificates
     * @param privateKey PEM PKCS#8 private key
     * @return this builder
     */
    public Builder tlsPem(Path certificateChain, Path privateKey) {
      settings.tlsPem(certificateChain, privateKey);
      return this;
    }

    /**
     * The TLS versions to offer when TLS is on (default {@code TLSv1.3}, {@code TLSv1.2}).
     *
     * @param protocols names this JDK supports
     * @return this builder
     */
    public Builder tlsProtocols(String... protocols) {
      settings.tlsProtocols(protocols);
      return this;
    }

    /**
     * How long a connection may take, once it sent its first byte, to deliver its request headers and,
     * over TLS, finish the handshake (default 10 seconds); then it is closed.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder headerTimeout(Duration timeout) {
      settings.headerTimeout(timeout);
      return this;
    }

    /**
     * Binds the address and starts answering.
     *
     * @return the running server; close it to stop
     * @throws UnknownHostException when the host cannot be resolved
     * @throws IllegalArgumentException when a TLS key file is missing or unreadable
     * @throws IOException when the TLS key material cannot be read or used, or the address cannot be bound
     *     (e.g. the port is in use)
     */
    public MvxPrometheusServer build() throws IOException {
      settings.address();
      CollectorRegistry served = registry;
      if (served == null) {
        served = new CollectorRegistry();
        served.register(new MvxCollector(runtime));
      }
      HttpServer http = settings.bind();
      HeaderDeadlineExecutor executor = settings.executor();
      try {
        // what simpleclient's HTTPServer does, with our executor: it would replace any executor with its own
        // each scrape's X-Prometheus-Scrape-Timeout-Seconds becomes MvxCollector's snapshot deadline
        HttpHandler handler = ScrapeDeadline.scoped(new HTTPServer.HTTPMetricHandler(served));
        Authenticator authenticator = executor.authenticator(settings.credentials());
        for (String path : new String[] {"/", "/metrics", "/-/healthy"}) {
          http.createContext(path, handler).setAuthenticator(authenticator);
        }
        http.setExecutor(executor);
        executor.start(http);
        settings.warnWhenExposed(http.getAddress());
        return new MvxPrometheusServer(http, executor, served);
      } catch (RuntimeException e) {
        http.stop(0);
        executor.shutdownNow();
        throw e;
      }
    }
  }
}
