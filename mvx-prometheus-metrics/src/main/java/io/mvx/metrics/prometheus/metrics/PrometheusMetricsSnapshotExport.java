package io.mvx.metrics.prometheus.metrics;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.internal.export.ExportUnit;
import io.mvx.metrics.internal.export.PrometheusExportNames;
import io.mvx.metrics.internal.export.ReservedKeys;
import io.mvx.metrics.internal.export.SkipCounter;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Turns one runtime snapshot into the series of a scrape's {@link FamilyTable}, following the export
 * convention, and counts what it skips.
 */
final class PrometheusMetricsSnapshotExport {

  /** Family names are cached per metric; dimensions are code, not data, but the cache is bounded anyway. */
  private static final int MAX_CACHED_METRICS = 100_000;
  private static final List<String> RECORDER_ONLY = List.of(ReservedKeys.RECORDER);

  private final MetricsRuntime runtime;
  private final String namespace;
  private final ThrottledLog log;
  private final SkipCounter skipped = new SkipCounter();
  private final ConcurrentHashMap<String, Names> names = new ConcurrentHashMap<>();

  /** The family names of one metric (by dimension and kind), valid while its unit stays the same. */
  private record Names(String ucum, ExportUnit unit, String unitSuffix, ConcurrentHashMap<String, String> family) {}

  PrometheusMetricsSnapshotExport(MetricsRuntime runtime, ThrottledLog log) {
    this.runtime = runtime;
    this.namespace = runtime.namespace();
    this.log = log;
  }

  String namespace() {
    return namespace;
  }

  /** What this export left out so far, by reason. */
  SkipCounter skipped() {
    return skipped;
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

  private void addMetric(FamilyTable table, String recorderId, String metricName, MetricSnapshot metric) {
    String help = metric.description().isEmpty() ? metricName : metric.description();
    Names metricNames = names(metric);
    List<String> recorderOnly = null;
    for (MetricValue value : metric.values()) {
      ValueKind kind = value.kind();
      String family = familyName(metricNames, metricName, value.dimension(), kind);
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
        labels.forEach((key, labelValue) -> {
          labelNames.add(key);
          labelValues.add(labelValue);
        });
      }
      HistogramValue histogram = value.histogram().orElse(null);
      Consumer<HistogramValue> classicOnly = coarse -> log.warn("schema", "histogram " + family
          + " of recorder '" + recorderId + "' in runtime '" + namespace + "' is exported with classic buckets"
          + " only: its exponential scale " + coarse.exponential().orElseThrow().scale()
          + " is below Prometheus' lowest native schema " + PrometheusMetricsHistograms.MIN_SCHEMA
          + " (give it more buckets)", null);
      SkipReason refused = table.add(family, kind, help, metricNames.unitSuffix(), labelNames, labelValues,
          value.value(), histogram, classicOnly);
      if (refused != null) {
        skipped.count(refused);
        log.warn(refused.label(), "skipped " + PrometheusExportNames.sampleName(family, kind) + labelNames
            + " of recorder '" + recorderId + "', metric " + metricName + ", dimension " + value.dimension()
            + " in runtime '" + namespace + "': " + refused.label()
            + " (the first series of a family decides its kind and label keys)", null);
      }
    }
  }

  private Names names(MetricSnapshot metric) {
    Names cached = names.get(metric.name());
    if (cached == null || !cached.ucum().equals(metric.unit())) {
      if (names.size() > MAX_CACHED_METRICS) {
        names.clear();
      }
      ExportUnit unit = ExportUnit.of(metric.unit());
      cached = new Names(metric.unit(), unit, PrometheusExportNames.unitSuffix(unit), new ConcurrentHashMap<>());
      names.put(metric.name(), cached);
    }
    return cached;
  }

  private String familyName(Names metricNames, String metricName, String dimension, ValueKind kind) {
    return metricNames.family().computeIfAbsent(dimension + '\u0000' + kind.ordinal(),
        key -> PrometheusExportNames.familyName(namespace, metricName, dimension, kind, metricNames.unit()));
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
