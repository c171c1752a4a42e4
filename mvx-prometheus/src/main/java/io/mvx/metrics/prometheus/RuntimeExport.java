package io.mvx.metrics.prometheus;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.client.Collector.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  /**
   * Family names by metric name, then dimension and kind: they depend on nothing else. Concurrent scrapes
   * share the cache; dimensions are code, not data, but the cache is bounded anyway.
   */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> familyNames =
      new ConcurrentHashMap<>();
  private static final int MAX_CACHED_METRICS = 100_000;
  private static final List<String> RECORDER_ONLY = List.of(RECORDER_LABEL);

  private String familyName(String metricName, String dimension, Type type) {
    ConcurrentHashMap<String, String> byDimension = familyNames.get(metricName);
    if (byDimension == null) {
      if (familyNames.size() > MAX_CACHED_METRICS) {
        familyNames.clear();
      }
      byDimension = familyNames.computeIfAbsent(metricName, k -> new ConcurrentHashMap<>());
    }
    String key = type == Type.COUNTER ? dimension : dimension + '\u0000';
    String family = byDimension.get(key);
    if (family == null) {
      String name = PrometheusNames.metricName(namespace, metricName, dimension);
      family = type == Type.COUNTER ? PrometheusNames.counterFamily(name) : name;
      byDimension.put(key, family);
    }
    return family;
  }

  private void addMetric(FamilyTable table, String recorderId, String metricName, MetricSnapshot metric) {
    String help = metric.description().isEmpty() ? metricName : metric.description();
    List<String> recorderOnly = null;
    for (MetricValue value : metric.values()) {
      Type type = value.kind() == ValueKind.COUNTER ? Type.COUNTER : Type.GAUGE;
      String family = familyName(metricName, value.dimension(), type);
      Map<String, String> labels = value.labels();
      List<String> labelNames;
      List<String> labelValues;
      if (labels.isEmpty()) {
        labelNames = RECORDER_ONLY;
        labelValues = recorderOnly == null ? recorderOnly = List.of(recorderId) : recorderOnly;
      } else {
        labelNames = new ArrayList<>(labels.size() + 1);
        labelValues = new ArrayList<>(labels.size() + 1);
        labelNames.add(RECORDER_LABEL);
        labelValues.add(recorderId);
        for (Map.Entry<String, String> label : labels.entrySet()) {
          labelNames.add(label.getKey());
          labelValues.add(label.getValue());
        }
      }
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
