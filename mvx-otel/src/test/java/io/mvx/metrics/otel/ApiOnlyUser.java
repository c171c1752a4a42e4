package io.mvx.metrics.otel;

import io.mvx.metrics.MetricsRuntime;
import io.opentelemetry.api.OpenTelemetry;

/**
 * Code of a user of {@code register} alone, compiled against the adapter as any user's code is; run by
 * {@link OptionalSdkTest} in a class loader without the SDK.
 */
public final class ApiOnlyUser implements Runnable {

  private final boolean alsoAskForTheProducer;

  /**
   * A user.
   *
   * @param alsoAskForTheProducer whether to call {@code metricProducer} too
   */
  public ApiOnlyUser(boolean alsoAskForTheProducer) {
    this.alsoAskForTheProducer = alsoAskForTheProducer;
  }

  @Override
  public void run() {
    MetricsRuntime runtime = new MetricsRuntime("api.only");
    runtime.start();
    try {
      MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, OpenTelemetry.noop());
      if (alsoAskForTheProducer) {
        MvxOtelMetrics.metricProducer(runtime);
      }
      registration.close();
    } finally {
      runtime.shutdown();
    }
  }
}
