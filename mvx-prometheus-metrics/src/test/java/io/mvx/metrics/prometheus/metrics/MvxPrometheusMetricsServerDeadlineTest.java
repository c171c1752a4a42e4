package io.mvx.metrics.prometheus.metrics;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.test.server.ScrapeDeadlineContract;
import java.io.IOException;

class MvxPrometheusMetricsServerDeadlineTest extends ScrapeDeadlineContract {

  @Override
  protected Endpoint start(MetricsRuntime runtime) throws IOException {
    MvxPrometheusMetricsServer server = MvxPrometheusMetricsServer.builder(runtime).build();
    return new Endpoint(server.port(), server::close);
  }
}
