package io.mvx.metrics.prometheus;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.test.server.ScrapeDeadlineContract;
import java.io.IOException;

class MvxPrometheusServerDeadlineTest extends ScrapeDeadlineContract {

  @Override
  protected Endpoint start(MetricsRuntime runtime) throws IOException {
    MvxPrometheusServer server = MvxPrometheusServer.builder(runtime).build();
    return new Endpoint(server.port(), server::close);
  }
}
