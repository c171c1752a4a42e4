package io.mvx.metrics.spring.boot;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.prometheus.metrics.MvxMultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.lang.System.Logger.Level;

/**
 * The Prometheus road: checks that {@link MvxMultiCollector} works with the client_java on the class path,
 * then registers it on Boot's {@link PrometheusRegistry}. Loaded only where client_java 1.x is present.
 */
final class PrometheusRoad {

  private static final System.Logger LOG = System.getLogger("io.mvx.metrics.spring.boot");

  private PrometheusRoad() {}

  static PrometheusExport register(MetricsRuntime runtime, PrometheusRegistry registry) {
    String problem = probe();
    if (problem != null) {
      LOG.log(Level.WARNING, "MVX: the Prometheus export road is skipped: MvxMultiCollector (mvx-prometheus-metrics)"
          + " does not work with the Prometheus client_java on the class path (" + problem + "). MVX series reach"
          + " /actuator/prometheus through Micrometer instead, without histogram buckets. Use Spring Boot 4.0 with"
          + " prometheus-metrics-bom 1.7.0 or later, or set mvx.export.prometheus.enabled=false to silence this.");
      return PrometheusExport.none();
    }
    registry.register(new MvxMultiCollector(runtime));
    return PrometheusExport.to(registry);
  }

  /** Null when the collector scrapes a runtime with a counter, a gauge and a histogram; else what failed. */
  static String probe() {
    MetricsRuntime runtime = ProbeMetric.runtime();
    try {
      PrometheusRegistry registry = new PrometheusRegistry();
      registry.register(new MvxMultiCollector(runtime));
      MetricSnapshots snapshots = registry.scrape();
      for (MetricSnapshot snapshot : snapshots) {
        if (snapshot instanceof HistogramSnapshot histogram
            && histogram.getMetadata().getPrometheusName().startsWith(ProbeMetric.NAMESPACE)
            && !histogram.getDataPoints().isEmpty()
            && histogram.getDataPoints().get(0).getClassicBuckets().size() == 3) {
          return null;
        }
      }
      return "a probe histogram was not collected";
    } catch (LinkageError | RuntimeException failure) {
      return failure.toString();
    } finally {
      runtime.shutdown();
    }
  }
}
