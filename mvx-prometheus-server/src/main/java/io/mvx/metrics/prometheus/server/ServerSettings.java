package io.mvx.metrics.prometheus.server;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * What the scrape endpoints' builders configure, checked once for both: address, Basic authentication, TLS
 * and the slow-client protection. Not API: shared by the scrape endpoints of the Prometheus adapters.
 */
public final class ServerSettings {

  /** The default bind address: reachable from this machine only. */
  public static final String LOOPBACK = "127.0.0.1";
  /** How long a connection may take to send its request headers (and finish the TLS handshake). */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  /** How many exchanges an endpoint serves at once; more wait in a queue. */
  public static final int MAX_THREADS = 64;
  /** The TLS versions offered unless told otherwise. */
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private String host = LOOPBACK;
  private int port;
  private BasicCredentials credentials;
  private Path keyStore;
  private char[] keyStorePassword;
  private Path certificateChain;
  private Path privateKey;
  private List<String> protocols = DEFAULT_PROTOCOLS;
  private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;

  /**
   * Binds this host name or address.
   *
   * @param host not blank
   */
  public void host(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("'" + host + "': host must not be blank");
    }
    this.host = host.strip();
  }

  /** Binds the wildcard address. */
  public void allInterfaces() {
    this.host = null;
  }

  /**
   * Binds this port, 0 for an ephemeral one.
   *
   * @param port between 0 and 65535
   */
  public void port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(port + ": port must be between 0 and 65535");
    }
    this.port = port;
  }

  /**
   * Requires these Basic credentials.
   *
   * @param username non-empty, without {@code ':'} and control characters
   * @param password non-empty
   */
  public void basicAuthentication(String username, String password) {
    this.credentials = new BasicCredentials(username, password);
  }

  /**
   * Serves TLS with the key and certificate chain of a JKS or PKCS#12 key store (read at build time).
   *
   * @param keyStore the key store file
   * @param password the store's and key's password
   */
  public void tls(Path keyStore, String password) {
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(password, "password");
    this.keyStore = keyStore;
    this.keyStorePassword = password.toCharArray();
    this.certificateChain = null;
    this.privateKey = null;
  }

  /**
   * Serves TLS with a PEM certificate chain and PKCS#8 private key (read at build time).
   *
   * @param certificateChain the server's certificate first, then intermediates
   * @param privateKey the unencrypted PKCS#8 key of the first certificate
   */
  public void tlsPem(Path certificateChain, Path privateKey) {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    this.certificateChain = certificateChain;
    this.privateKey = privateKey;
    this.keyStore = null;
    this.keyStorePassword = null;
  }

  /**
   * The TLS versions to offer.
   *
   * @param protocols names this JDK supports, e.g. {@code "TLSv1.3"}
   */
  public void tlsProtocols(String... protocols) {
    this.protocols = TlsContexts.protocols(protocols);
  }

  /**
   * How long a connection may take to deliver its request headers.
   *
   * @param timeout positive
   */
  public void headerTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "headerTimeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(timeout + ": headerTimeout must be positive");
    }
    this.headerTimeout = timeout;
  }

  /**
   * The configured address, resolved.
   *
   * @return the address to bind
   * @throws UnknownHostException when the host cannot be resolved
   */
  public InetSocketAddress address() throws UnknownHostException {
    InetSocketAddress address = host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new UnknownHostException(host + ": host cannot be resolved");
    }
    return address;
  }

  /**
   * Whether TLS was configured.
   *
   * @return true for HTTPS
   */
  public boolean tls() {
    return keyStore != null || certificateChain != null;
  }

  /**
   * Loads the key material and returns the configurator, or null for plain HTTP.
   *
   * @return the TLS configuration, or null
   * @throws IllegalArgumentException when a key file is missing or unreadable (naming the argument, the path
   *     and what to give)
   * @throws IOException when the key material cannot be read or used
   */
  public HttpsConfigurator httpsConfigurator() throws IOException {
    if (!tls()) {
      return null;
    }
    SSLContext context;
    if (keyStore != null) {
      readable(keyStore, "keyStore", "a JKS or PKCS#12 key store holding the server's key and certificate chain");
      context = TlsContexts.fromKeyStore(keyStore, keyStorePassword);
    } else {
      readable(certificateChain, "certificateChain",
          "a PEM file with the server's certificate first, then any intermediates");
      readable(privateKey, "privateKey", "a PEM file with the certificate's unencrypted PKCS#8 private key");
      context = TlsContexts.fromPem(certificateChain, privateKey);
    }
    return TlsContexts.configurator(context, protocols);
  }

  /**
   * Logs a warning when the server is reachable beyond this machine (the wildcard address or a non-loopback
   * host) with neither TLS nor Basic authentication: anyone who reaches the port reads the metrics. Plain,
   * open HTTP on a trusted network (a cluster network, a scrape through a sidecar) is what most Prometheus
   * exporters do, so it is not refused; it is said once per server.
   *
   * @param bound the address the server is bound to
   */
  public void warnWhenExposed(InetSocketAddress bound) {
    if (tls() || credentials != null || bound.getAddress() == null || bound.getAddress().isLoopbackAddress()) {
      return;
    }
    System.getLogger("io.mvx.metrics.prometheus.server").log(System.Logger.Level.WARNING, "the metrics server "
        + "on " + bound + " is reachable beyond this machine without TLS and without authentication: anyone who "
        + "reaches the port reads the metrics. Add .tls(...) or .tlsPem(...) and .basicAuthentication(...), or "
        + "bind a trusted interface with .host(...); on a trusted network this warning can be ignored.");
  }

  /** Fails with what to give when {@code file} is not a readable file. */
  private static void readable(Path file, String argument, String what) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(file + ": " + argument + " is not a readable file (looked for "
          + file.toAbsolutePath() + "); give the path of " + what);
    }
  }

  /**
   * The executor to give the server: {@link #MAX_THREADS} threads with the header deadline.
   *
   * @return a new running executor
   */
  public HeaderDeadlineExecutor executor() {
    return HeaderDeadlineExecutor.create(headerTimeout, MAX_THREADS);
  }

  /**
   * The Basic credentials, or null when every request is let in.
   *
   * @return the credentials, or null
   */
  public BasicCredentials credentials() {
    return credentials;
  }

  /**
   * Binds a JDK server, HTTPS when TLS was configured; the caller sets the executor and starts it.
   *
   * @return the bound, unstarted server
   * @throws IOException when the key material cannot be used or the address cannot be bound
   */
  public HttpServer bind() throws IOException {
    InetSocketAddress requested = address();
    HttpsConfigurator https = httpsConfigurator();
    try {
      if (https == null) {
        return HttpServer.create(requested, 0);
      }
      HttpsServer server = HttpsServer.create(requested, 0);
      server.setHttpsConfigurator(https);
      return server;
    } catch (IOException e) {
      throw new IOException(requested + ": cannot bind the metrics server: " + e.getMessage(), e);
    }
  }
}
