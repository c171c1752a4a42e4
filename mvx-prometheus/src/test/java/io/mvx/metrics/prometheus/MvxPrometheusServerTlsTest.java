package io.mvx.metrics.prometheus;

import io.mvx.metrics.test.server.ScrapeEndpointContract;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.io.IOException;

/** TLS, Basic authentication and slow clients against {@link MvxPrometheusServer}. */
class MvxPrometheusServerTlsTest extends ScrapeEndpointContract {

  private MvxPrometheusServer server;

  @Override
  protected int start(Options options) throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.build("served_requests", "Requests").register(registry).inc(3);
    MvxPrometheusServer.Builder builder = MvxPrometheusServer.builder(registry);
    switch (options.tls()) {
      case PKCS12 -> builder.tls(options.certificates().pkcs12(), options.certificates().password());
      case JKS -> builder.tls(options.certificates().jks(), options.certificates().password());
      case PEM -> builder.tlsPem(options.certificates().chainPem(), options.certificates().keyPem());
      case NONE -> { }
    }
    if (options.user() != null) {
      builder.basicAuthentication(options.user(), options.password());
    }
    if (options.headerTimeout() != null) {
      builder.headerTimeout(options.headerTimeout());
    }
    if (options.protocols() != null) {
      builder.tlsProtocols(options.protocols());
    }
    server = builder.build();
    return server.port();
  }

  @Override
  protected void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  protected String servedSeries() {
    return "served_requests_total 3.0";
  }
}
