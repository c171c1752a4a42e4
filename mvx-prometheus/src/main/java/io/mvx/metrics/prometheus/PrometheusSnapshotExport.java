package io.mvx.metrics.prometheus;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.internal.export.ExportUnit;
import io.mvx.metrics.internal.export.ReservedKeys;
import io.mvx.metrics.internal.export.SkipCounter;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one runtime snapshot into the series of a scrape's {@link FamilyTable}, following the export
 * convention, and counts what it skips.
 */
final class PrometheusSnapshotExport {

  private final MetricsRuntime runtime;
  private final String namespace;
  private final ThrottledLog log;
  private final SkipCounter skipped = new SkipCounter();

  PrometheusSnapshotExport(MetricsRuntime runtime, ThrottledLog log) {
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
      skipped.count(SkipReason.SNAPSHOT_FAILED);
      log.warn("snapshot", "snapshot of runtime '" + namespace + "' failed; this scrape has only its "
          + "statistics: " + failure, failure);
      return currentStats();
    }
    try {
      snapshot.recorders().forEach((recorderId, metrics) ->
          metrics.forEach((metricName, metric) -> addMetric(table, recorderId, metricName, metric)));
    } catch (RuntimeException failure) {
      // not expected: the snapshot model is validated by the core; keep the scrape alive anyway
      skipped.count(SkipReason.SNAPSHOT_FAILED);
      log.warn("mapping", "snapshot of runtime '" + namespace + "' could not be exported completely: "
          + failure, failure);
    }
    return snapshot.stats();
  }

  /** What this export left out so far, by reason. */
  SkipCounter skipped() {
    return skipped;
  }

  /**
   * Family names by metric name (and its unit), then dimension and kind: they depend on nothing else.
   * Concurrent scrapes share the cache; dimensions are code, not data, but the cache is bounded anyway.
   */
  private final ConcurrentHashMap<String, MetricNames> familyNames = new ConcurrentHashMap<>();
  private static final int MAX_CACHED_METRICS = 100_000;
  private static final List<String> RECORDER_ONLY = List.of(ReservedKeys.RECORDER);

  /** The family names of one metric, valid while its unit stays the same. */
  private record MetricNames(String ucum, ExportUnit unit, ConcurrentHashMap<String, String> byDimension) {}

  private MetricNames metricNames(MetricSnapshot metric) {
    MetricNames names = familyNames.get(metric.name());
    if (names == null || !names.ucum().equals(metric.unit())) {
      if (familyNames.size() > MAX_CACHED_METRICS) {
        familyNames.clear();
      }
      names = new MetricNames(metric.unit(), ExportUnit.of(metric.unit()), new ConcurrentHashMap<>());
      familyNames.put(metric.name(), names);
    }
    return names;
  }

  private String familyName(MetricNames names, String metricName, String dimension, ValueKind kind) {
    String key = kind == ValueKind.COUNTER ? dimension : dimension + '\u0000' + kind;
    String family = names.byDimension().get(key);
    if (family == null) {
      family = PrometheusNames.familyName(namespace, metricName, dimension, kind, names.unit());
      names.byDimension().put(key, family);
    }
    return family;
  }

  private void addMetric(FamilyTable table, String recorderId, String metricName, MetricSnapshot metric) {
    String help = metric.description().isEmpty() ? metricName : metric.description();
    MetricNames names = metricNames(metric);
    String unit = PrometheusNames.unitSuffix(names.unit());
    List<String> recorderOnly = null;
    for (MetricValue value : metric.values()) {
      ValueKind kind = value.kind();
      String family = familyName(names, metricName, value.dimension(), kind);
      Map<String, String> labels = value.labels();
      List<String> labelNames;
      List<String> labelValues;
      if (labels.isEmpty()) {
        labelNames = RECORDER_ONLY;
        labelValues = recorderOnly == null ? recorderOnly = List.of(recorderId) : recorderOnly;
      } else {
        labelNames = new ArrayList<>(labels.size() + 1);
        labelValues = new ArrayList<>(labels.size() + 1);
        labelNames.add(ReservedKeys.RECORDER);
        labelValues.add(recorderId);
        for (Map.Entry<String, String> label : labels.entrySet()) {
          labelNames.add(label.getKey());
          labelValues.add(label.getValue());
        }
      }
      SkipReason refused = table.add(family, kind, help, unit, labelNames, labelValues, value.value(),
          value.histogram().orElse(null));
      if (refused != null) {
        skipped.count(refused);
        log.warn(refused.label(), "skipped " + PrometheusNames.sampleName(family, PrometheusNames.type(kind))
            + labelNames
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
}
