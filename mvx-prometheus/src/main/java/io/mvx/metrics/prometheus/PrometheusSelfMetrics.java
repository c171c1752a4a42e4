package io.mvx.metrics.prometheus;

import io.mvx.metrics.internal.export.PrometheusScrape;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's own statistics as simpleclient declares them: the {@code mvx_runtime_*} families of the
 * convention ({@link PrometheusScrape#OWN_FAMILIES}), without samples. Their samples are written by every
 * scrape, through {@link PrometheusSnapshotExport}.
 */
final class PrometheusSelfMetrics {

  private PrometheusSelfMetrics() {}

  /** The families without samples, as {@link io.prometheus.client.Collector.Describable#describe()} wants them. */
  static List<MetricFamilySamples> describe() {
    List<MetricFamilySamples> out = new ArrayList<>(PrometheusScrape.OWN_FAMILIES.size());
    for (PrometheusScrape.OwnFamily family : PrometheusScrape.OWN_FAMILIES) {
      out.add(new MetricFamilySamples(family.name(), PrometheusSnapshotExport.type(family.kind()), family.help(),
          List.of()));
    }
    return out;
  }
}
