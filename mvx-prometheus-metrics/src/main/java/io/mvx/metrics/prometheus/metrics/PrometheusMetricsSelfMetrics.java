package io.mvx.metrics.prometheus.metrics;

import io.mvx.metrics.internal.export.PrometheusScrape;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's own statistics as client_java 1.x declares them: the {@code mvx_runtime_*} families of the
 * convention ({@link PrometheusScrape#OWN_FAMILIES}), the same families {@code MvxCollector} writes. Their
 * data points are written by every scrape, through {@link PrometheusMetricsSnapshotExport}.
 */
final class PrometheusMetricsSelfMetrics {

  private PrometheusMetricsSelfMetrics() {}

  /** The families as registration-time descriptors: names, types, HELP and label names. */
  static List<MetricFamilyDescriptor> descriptors() {
    List<MetricFamilyDescriptor> out = new ArrayList<>(PrometheusScrape.OWN_FAMILIES.size());
    for (PrometheusScrape.OwnFamily family : PrometheusScrape.OWN_FAMILIES) {
      out.add(MetricFamilyDescriptor.of(type(family.kind()), new MetricMetadata(family.name(), family.help()),
          family.labelNames()));
    }
    return List.copyOf(out);
  }

  /** The family names, as {@code getPrometheusNames()} lists them. */
  static List<String> names() {
    List<String> out = new ArrayList<>(PrometheusScrape.OWN_FAMILIES.size());
    PrometheusScrape.OWN_FAMILIES.forEach(family -> out.add(family.name()));
    return List.copyOf(out);
  }

  private static MetricType type(ValueKind kind) {
    return switch (kind) {
      case COUNTER -> MetricType.COUNTER;
      case GAUGE -> MetricType.GAUGE;
      case HISTOGRAM -> MetricType.HISTOGRAM;
    };
  }
}
