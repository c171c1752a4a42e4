package io.mvx.metrics.prometheus.metrics;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.prometheus.server.HeaderDeadlineExecutor;
import io.mvx.metrics.prometheus.server.ServerSettings;
import io.prometheus.metrics.config.ExporterHttpServerProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves a client_java 1.x {@link PrometheusRegistry} over HTTP or HTTPS, built on client_java's own
 * {@link HTTPServer}.
 *
 * <pre>{@code
 * PrometheusRegistry registry = new PrometheusRegistry();
 * try (MvxPrometheusMetricsServer server = MvxPrometheusMetricsServer.builder(registry)
 *     .allInterfaces()
 *     .port(9400)
 *     .tls(Path.of("/etc/metrics/server.p12"), System.getenv("KEYSTORE_PASSWORD"))
 *     .basicAuthentication("prometheus", System.getenv("METRICS_PASSWORD"))
 *     .build()) {
 *   // scrape https://<host>:9400/metrics
 * }
 * }</pre>
 *
 * <p>Paths and formats are client_java's: {@code /metrics} answers with the registry in the format the
 * {@code Accept} header asks for (Prometheus text, OpenMetrics text or protobuf), gzip-compressed when
 * {@code Accept-Encoding} allows it, filtered by {@code name[]} query parameters; {@code /} answers with a
 * small page and {@code /-/healthy} with {@code Exporter is healthy.}. Exposition settings come from
 * client_java's {@link PrometheusProperties} ({@code prometheus.properties} or system properties), except
 * the port, which is this builder's. With {@linkplain Builder#basicAuthentication authentication} every
 * path answers 401 without valid credentials.
 *
 * <p>With {@linkplain Builder#tls(Path, String) TLS} it serves HTTPS only (TLS 1.3 and 1.2 by default).
 * Requests are served by up to 64 daemon threads, and a connection that has not delivered its request
 * headers (and, over TLS, finished the handshake) within the {@linkplain Builder#headerTimeout header
 * timeout} (10 seconds by default) is closed, so clients that send half a request cannot silence the
 * endpoint; header size is bounded by the JDK ({@code sun.net.httpserver.maxReqHeaderSize}, 380 KiB).
 *
 * <p>The server binds 127.0.0.1 unless told otherwise. It does not own the registry or what is registered
 * in it: closing the server leaves them as they are.
 */
public final class MvxPrometheusMetricsServer implements AutoCloseable {

  private final HTTPServer server;
  private final InetSocketAddress address;
  private final PrometheusRegistry registry;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MvxPrometheusMetricsServer(HTTPServer server, InetSocketAddress address, PrometheusRegistry registry) {
    this.server = server;
    this.address = address;
    this.registry = registry;
  }

  /**
   * A builder serving a new {@link PrometheusRegistry} that holds a {@link MvxMultiCollector} for
   * {@code runtime} (read it back with {@link #registry()}).
   *
   * <pre>{@code
   * try (MvxPrometheusMetricsServer server = MvxPrometheusMetricsServer.builder(runtime).port(9464).build()) {
   *   // http://127.0.0.1:9464/metrics
   * }
   * }</pre>
   *
   * @param runtime the runtime to export
   * @return a builder binding 127.0.0.1 on an ephemeral port, plain HTTP, without authentication
   */
  public static Builder builder(MetricsRuntime runtime) {
    Objects.requireNonNull(runtime, "runtime");
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new MvxMultiCollector(runtime));
    return new Builder(registry);
  }

  /**
   * A builder serving {@code registry} as it is, e.g. {@link PrometheusRegistry#defaultRegistry}.
   *
   * @param registry the registry to serve
   * @return a builder binding 127.0.0.1 on an ephemeral port, plain HTTP, without authentication
   */
  public static Builder builder(PrometheusRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return new Builder(registry);
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
   * @return the registry given to the builder
   */
  public PrometheusRegistry registry() {
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
    return "MvxPrometheusMetricsServer{address=" + address + ", closed=" + closed.get() + "}";
  }

  /**
   * Configures and starts a {@link MvxPrometheusMetricsServer}.
   *
   * <pre>{@code
   * MvxPrometheusMetricsServer server = MvxPrometheusMetricsServer.builder(PrometheusRegistry.defaultRegistry)
   *     .port(9400)
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final PrometheusRegistry registry;
    private final ServerSettings settings = new ServerSettings();

    private Builder(PrometheusRegistry registry) {
      this.registry = registry;
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
     * The port to bind (default 0: an ephemeral port, read it back with
     * {@link MvxPrometheusMetricsServer#port()}).
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
    public MvxPrometheusMetricsServer build() throws IOException {
      InetSocketAddress requested = settings.address();
      HTTPServer.Builder builder = HTTPServer.builder(propertiesWithoutPort())
          .inetAddress(requested.getAddress())
          .port(requested.getPort())
          .registry(registry)
          .httpsConfigurator(settings.httpsConfigurator());
      HeaderDeadlineExecutor executor = settings.executor();
      try {
        HTTPServer server = builder
            .executorService(executor)
            .authenticator(executor.authenticator(settings.credentials()))
            .buildAndStart();
        InetSocketAddress bound = new InetSocketAddress(requested.getAddress(), server.getPort());
        settings.warnWhenExposed(bound);
        return new MvxPrometheusMetricsServer(server, bound, registry);
      } catch (IOException e) {
        executor.shutdownNow();
        throw new IOException(requested + ": cannot bind the metrics server: " + e.getMessage(), e);
      } catch (RuntimeException e) {
        executor.shutdownNow();
        throw e;
      }
    }

    /** client_java's exposition settings, without the port it would otherwise bind instead of ours. */
    private static PrometheusProperties propertiesWithoutPort() {
      PrometheusProperties global = PrometheusProperties.get();
      return PrometheusProperties.builder()
          .defaultMetricsProperties(global.getDefaultMetricProperties())
          .exemplarProperties(global.getExemplarProperties())
          .exporterProperties(global.getExporterProperties())
          .exporterFilterProperties(global.getExporterFilterProperties())
          .pushgatewayProperties(global.getExporterPushgatewayProperties())
          .exporterOpenTelemetryProperties(global.getExporterOpenTelemetryProperties())
          .openMetrics2Properties(global.getOpenMetrics2Properties())
          .exporterHttpServerProperties(global.getExporterHttpServerProperties().getPort() == null
              ? global.getExporterHttpServerProperties()
              : ExporterHttpServerProperties.builder()
                  .preferUncompressedResponse(global.getExporterHttpServerProperties()
                      .isPreferUncompressedResponse())
                  .build())
          .build();
    }
  }
}
