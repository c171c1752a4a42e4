package io.mvx.metrics.examples.snippets;

// tag::micrometer[]
import io.micrometer.core.instrument.MeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.micrometer.MvxMeterBinder;
// end::micrometer[]
import java.util.function.Consumer;

/** Micrometer: one binder per runtime, bound to any registry, closed to remove its meters. */
final class MicrometerBinding {

  private MicrometerBinding() {}

  static void bind(MetricsRuntime runtime, MeterRegistry registry, Consumer<MeterRegistry> whileBound) {
    // tag::micrometer[]
    MvxMeterBinder binder = new MvxMeterBinder(runtime);
    binder.bindTo(registry);      // any MeterRegistry: Prometheus, OTLP, a CompositeMeterRegistry, ...
    // end::micrometer[]
    whileBound.accept(registry);
    // tag::micrometer[]
    binder.close();               // removes every meter it registered
    // end::micrometer[]
  }
}
