package io.mvx.metrics.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.MetricsRuntime;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** One registration per runtime and meter provider, guarded without holding either. */
class RegistrationGuardTest {

  @Test
  void sameRuntimeOnTwoMeterProviders_isAccepted_andOnOneTwiceIsRefused() {
    MetricsRuntime runtime = new MetricsRuntime("guard.metrics");
    try (SdkMeterProvider first = provider(); SdkMeterProvider second = provider()) {
      OpenTelemetry firstSdk = Exports.sdk(first);
      MvxOtelMetrics one = MvxOtelMetrics.register(runtime, firstSdk);
      MvxOtelMetrics two = MvxOtelMetrics.register(runtime, Exports.sdk(second));

      assertThatThrownBy(() -> MvxOtelMetrics.register(runtime, firstSdk))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("guard.metrics");
      one.close();
      two.close();
      assertThat(ActiveRegistrations.isRegistered(runtime)).isFalse();
    }
  }

  @Test
  void registrationNeverClosed_doesNotKeepTheRuntimeOrTheMeterProviderAlive() {
    WeakReference<MetricsRuntime> runtime = registerAndForget();

    await().untilAsserted(() -> {
      System.gc();
      assertThat(runtime.get()).isNull();
    });
  }

  /** A runtime (never started: no thread holds it) registered with a provider; only the returned reference is kept. */
  private static WeakReference<MetricsRuntime> registerAndForget() {
    MetricsRuntime runtime = new MetricsRuntime("forgotten.metrics");
    MvxOtelMetrics.register(runtime, Exports.sdk(provider()));
    return new WeakReference<>(runtime);
  }

  private static SdkMeterProvider provider() {
    return SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build();
  }
}
