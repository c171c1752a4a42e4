package io.mvx.metrics.prometheus.metrics;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.internal.export.PrometheusSnapshotWalk;
import io.mvx.metrics.internal.export.SkipCounter;
import io.mvx.metrics.snapshot.RuntimeSnapshot;

/**
 * Turns one runtime snapshot into the series of a scrape's {@link FamilyTable}: the shared
 * {@link PrometheusSnapshotWalk} (names, labels, skip policy) writing into client_java 1.x's model.
 */
final class PrometheusMetricsSnapshotExport {

  private final PrometheusSnapshotWalk walk;
  private final ThrottledLog log;

  PrometheusMetricsSnapshotExport(MetricsRuntime runtime, ThrottledLog log) {
    this.walk = new PrometheusSnapshotWalk(runtime, log);
    this.log = log;
  }

  String namespace() {
    return walk.namespace();
  }

  /** What this export left out so far, by reason. */
  SkipCounter skipped() {
    return walk.skipped();
  }

  /**
   * Reads one snapshot and adds every value to {@code table}; never throws.
   *
   * @return the statistics to export: the snapshot's, the runtime's current ones when the snapshot failed,
   *     or {@code null} when even those could not be read
   */
  RuntimeSnapshot exportTo(FamilyTable table) {
    return walk.exportTo((family, kind, help, unit, labelNames, labelValues, value, histogram, recorderId) ->
        table.add(family, kind, help, unit, labelNames, labelValues, value, histogram,
            coarse -> log.warn("schema", "histogram " + family + " of recorder '" + recorderId + "' in runtime '"
                + walk.namespace() + "' is exported with classic buckets only: its exponential scale "
                + coarse.exponential().orElseThrow().scale() + " is below Prometheus' lowest native schema "
                + PrometheusMetricsHistograms.MIN_SCHEMA + " (give it more buckets)", null)));
  }
}
