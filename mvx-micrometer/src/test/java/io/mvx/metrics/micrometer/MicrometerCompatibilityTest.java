package io.mvx.metrics.micrometer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.test.AdapterCompatibilityKit;
import io.mvx.metrics.test.HistogramSupport;
import io.mvx.metrics.test.MicrometerReader;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link MvxMeterBinder} held to the adapter compatibility kit. A collection is one refresh of the memoised
 * snapshot: each {@link BoundAdapter#collect()} moves the binder's clock past the staleness window, and the
 * reads of that collection share one snapshot, as a registry's scrape within the window does.
 */
class MicrometerCompatibilityTest extends AdapterCompatibilityKit {

  /** No Micrometer type carries precomputed buckets: count and sum only. */
  @Override
  protected HistogramSupport histogramSupport() {
    return HistogramSupport.COUNT_AND_SUM;
  }

  @Override
  protected BoundAdapter bind(MetricsRuntime runtime) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicLong clock = new AtomicLong();
    MvxMeterBinder binder = MvxMeterBinder.builder(runtime).staleness(Duration.ofSeconds(1))
        .nanoClock(clock::get).build();
    binder.bindTo(registry);
    return new BoundAdapter() {
      @Override
      public MicrometerReader collect() {
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        return new MicrometerReader(runtime.namespace(), registry);
      }

      @Override
      public void close() {
        binder.close();
      }
    };
  }
}
