package io.mvx.metrics.prometheus;

import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.client.Collector.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Maps the snapshots of one runtime into a scrape's {@link FamilyTable} (API.md §5) and counts what it skips. */
final class RuntimeExport {

  static final String RECORDER_LABEL = "recorder";

  private final MetricsRuntime runtime;
  private final String namespace;
  private final ThrottledLog log;
  private final AtomicLongArray skipped = new AtomicLongArray(SkipReason.values().length);

  RuntimeExport(MetricsRuntime runtime, ThrottledLog log) {
    this.runtime = runtime;
    this.namespace = runtime.namespace();
    this.log = log;
  }

  String namespace() {
    return namespace;
  }

  /**
   * Reads one snapshot and adds every value to {@code table}; never throws.
   *
   * @return the statistics to export: the snapshot's, the runtime's current ones when the snapshot failed,
   *     or {@code null} when even those could not be read
   */
  RuntimeStats exportTo(FamilyTable table) {
    RuntimeSnapshot snapshot;
    try {
      snapshot = runtime.snapshot();
    } catch (RuntimeException failure) {
      skipped(SkipReason.SNAPSHOT_FAILED);
      log.warn("snapshot", "snapshot of runtime '" + namespace + "' failed; this scrape has only its "
          + "statistics: " + failure, failure);
      return currentStats();
    }
    try {
      snapshot.recorders().forEach((recorderId, metrics) ->
          metrics.forEach((metricName, metric) -> addMetric(table, recorderId, metricName, metric)));
    } catch (RuntimeException failure) {
      // not expected: the snapshot model is validated by the core; keep the scrape alive anyway
      skipped(SkipReason.SNAPSHOT_FAILED);
      log.warn("mapping", "snapshot of runtime '" + namespace + "' could not be exported completely: "
          + failure, failure);
    }
    return snapshot.stats();
  }

  /** The skip count per {@link SkipReason} ordinal. */
  long[] skippedCounts() {
    long[] counts = new long[skipped.length()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = skipped.get(i);
    }
    return counts;
  }

  private void addMetric(FamilyTable table, String recorderId, String metricName, MetricSnapshot metric) {
    String help = metric.description().isEmpty() ? metricName : metric.description();
    for (MetricValue value : metric.values()) {
      String name = PrometheusNames.metricName(namespace, metricName, value.dimension());
      Type type = value.kind() == ValueKind.COUNTER ? Type.COUNTER : Type.GAUGE;
      String family = type == Type.COUNTER ? PrometheusNames.counterFamily(name) : name;
      Map<String, String> labels = value.labels();
      List<String> labelNames = new ArrayList<>(labels.size() + 1);
      List<String> labelValues = new ArrayList<>(labels.size() + 1);
      labelNames.add(RECORDER_LABEL);
      labelValues.add(recorderId);
      labels.forEach((key, labelValue) -> {
        labelNames.add(key);
        labelValues.add(labelValue);
      });
      SkipReason refused = table.add(family, type, help, PrometheusNames.unit(metric.unit(), family),
          labelNames, labelValues, value.value());
      if (refused != null) {
        skipped(refused);
        log.warn(refused.label(), "skipped " + FamilyTable.sampleName(family, type) + labelNames
            + " of recorder '" + recorderId + "', metric " + metricName + ", dimension "
            + value.dimension() + " in runtime '" + namespace + "': " + refused.label()
            + " (the first series of a family decides its kind and label keys)", null);
      }
    }
  }

  private RuntimeStats currentStats() {
    try {
      return runtime.stats();
    } catch (RuntimeException failure) {
      log.warn("stats", "statistics of runtime '" + namespace + "' could not be read: " + failure, failure);
      return null;
    }
  }

  private void skipped(SkipReason reason) {
    skipped.incrementAndGet(reason.ordinal());
  }
}
