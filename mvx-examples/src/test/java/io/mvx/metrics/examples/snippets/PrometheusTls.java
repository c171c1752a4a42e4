package io.mvx.metrics.examples.snippets;

// tag::prometheus-tls[]
import io.mvx.metrics.prometheus.MvxPrometheusServer;
import io.prometheus.client.CollectorRegistry;
import java.nio.file.Path;
// end::prometheus-tls[]
import java.io.IOException;

/** A scrape endpoint for the network: TLS and Basic authentication before all interfaces. */
final class PrometheusTls {

  private PrometheusTls() {}

  static MvxPrometheusServer start(CollectorRegistry registry, int port, Path keyStore, String keyStorePassword,
      String scrapePassword) throws IOException {
    // tag::prometheus-tls[]
    MvxPrometheusServer server = MvxPrometheusServer.builder(registry)  // or MvxPrometheusMetricsServer.builder(prometheusRegistry)
        .allInterfaces()
        .port(port)
        .tls(keyStore, keyStorePassword)                    // JKS or PKCS#12, e.g. Path.of("/etc/mvx/server.p12")
     // .tlsPem(Path.of("chain.pem"), Path.of("key.pem"))   // or PEM: certificate chain + unencrypted PKCS#8 key
     // .tlsProtocols("TLSv1.3")                            // default TLSv1.3 and TLSv1.2
        .basicAuthentication("prometheus", scrapePassword)  // e.g. read from a secret file, never null
        .build();
    // end::prometheus-tls[]
    return server;
  }
}
