package io.mvx.metrics.spring.boot;

import io.mvx.metrics.Histogram;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.snapshot.MetricSnapshot;

/**
 * A metric with one value of every kind, for the start-up check of each export road: an adapter compiled
 * against newer Micrometer or client_java than the Boot line manages shows it here, in a throwaway runtime,
 * rather than at the first scrape.
 */
final class ProbeMetric implements Metric {

  /** The probe runtime's namespace. */
  static final String NAMESPACE = "mvx_probe";

  private final Histogram seconds = Histogram.withUpperBounds(0.1, 1.0);

  ProbeMetric() {
    seconds.record(0.05);
  }

  /** A started throwaway runtime with one recorder holding this metric; the caller shuts it down. */
  static MetricsRuntime runtime() {
    MetricsRuntime runtime = new MetricsRuntime(NAMESPACE);
    runtime.start();
    runtime.createRecorder("probe").registerMetric(new ProbeMetric());
    return runtime;
  }

  @Override
  public String metricName() {
    return "probe";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    return false;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName())
        .unit("s")
        .counter("calls_total", 1)
        .gauge("level", 1)
        .histogram("latency", seconds.snapshot())
        .build();
  }
}
