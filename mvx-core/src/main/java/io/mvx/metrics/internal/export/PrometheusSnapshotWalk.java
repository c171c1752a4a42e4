package io.mvx.metrics.internal.export;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.snapshot.Exemplar;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.ValueKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The walk both Prometheus adapters make over one runtime snapshot: every value of every metric of every
 * recorder, with its family name ({@link PrometheusExportNames#familyName}, cached per metric and unit), HELP,
 * unit suffix, the {@code recorder} label followed by the value's labels, and the skip policy (a value the
 * adapter's family table refuses is counted in {@link #skipped()} and logged, throttled). Each adapter only
 * supplies the {@link Sink} that writes its own model. Never throws out of {@link #exportTo}. Exemplars reach
 * the sink only when their labels fit OpenMetrics' limit ({@link PrometheusExemplars}); the others are left
 * out and logged, throttled.
 *
 * <p>Internal: not API, may change without notice.
 */
public final class PrometheusSnapshotWalk {

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

  /** Where a walk puts each series: an adapter's family table for one scrape. */
  @FunctionalInterface
  public interface Sink {
    /**
     * Adds one series.
     *
     * @param familyName the family name (a counter's without {@code _total})
     * @param kind the value's kind
     * @param help the family's HELP
     * @param unitSuffix the unit suffix the name ends with, {@code ""} for none
     * @param labelNames the label keys, {@code recorder} first
     * @param labelValues the label values, in the same order
     * @param value the value (a histogram's count)
     * @param histogram the distribution of a histogram (with its writable exemplars), else null
     * @param exemplar a counter's writable exemplar, else null
     * @param recorderId the recorder the series belongs to, for messages
     * @return null when added, else why the series was refused
     */
    SkipReason add(String familyName, ValueKind kind, String help, String unitSuffix, List<String> labelNames,
        List<String> labelValues, double value, HistogramValue histogram, Exemplar exemplar, String recorderId);
  }

  /**
   * A walk over {@code runtime}'s snapshots.
   *
   * @param runtime the runtime to read
   * @param log where refusals and failures are logged, throttled
   */
  public PrometheusSnapshotWalk(MetricsRuntime runtime, ThrottledLog log) {
    this.runtime = runtime;
    this.namespace = runtime.namespace();
    this.log = log;
  }

  /**
   * The runtime's namespace.
   *
   * @return the namespace
   */
  public String namespace() {
    return namespace;
  }

  /**
   * What this walk left out so far, by reason.
   *
   * @return the counter
   */
  public SkipCounter skipped() {
    return skipped;
  }

  /**
   * Reads one snapshot, waiting at most {@code deadline} ({@link MetricsRuntime#snapshot(Duration)}: a late
   * cut serves each recorder's last good snapshot with its age), and hands every value to {@code sink}; never
   * throws.
   *
   * @param sink the adapter's family table of this scrape
   * @param deadline how long the snapshot may take, or null for the runtime's operation timeout
   * @return the snapshot whose statistics and age to export: the one read, a snapshot of the runtime's
   *     current statistics alone when it failed, or {@code null} when even those could not be read
   */
  public RuntimeSnapshot exportTo(Sink sink, Duration deadline) {
    RuntimeSnapshot snapshot;
    try {
      snapshot = deadline == null ? runtime.snapshot() : runtime.snapshot(deadline);
    } catch (RuntimeException failure) {
      skipped.count(SkipReason.SNAPSHOT_FAILED);
      log.warn("snapshot", "snapshot of runtime '" + namespace + "' failed; this scrape has only its "
          + "statistics: " + failure, failure);
      return currentStats();
    }
    try {
      snapshot.recorders().forEach((recorderId, metrics) ->
          metrics.forEach((metricName, metric) -> addMetric(sink, recorderId, metricName, metric)));
    } catch (RuntimeException failure) {
      // not expected: the snapshot model is validated by the core; keep the scrape alive anyway
      skipped.count(SkipReason.SNAPSHOT_FAILED);
      log.warn("mapping", "snapshot of runtime '" + namespace + "' could not be exported completely: "
          + failure, failure);
    }
    return snapshot;
  }

  private void addMetric(Sink sink, String recorderId, String metricName, MetricSnapshot metric) {
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
        for (Map.Entry<String, String> label : labels.entrySet()) {
          labelNames.add(label.getKey());
          labelValues.add(label.getValue());
        }
      }
      SkipReason refused = sink.add(family, kind, help, metricNames.unitSuffix(), labelNames, labelValues,
          value.value(), writableHistogram(value, recorderId), writableExemplar(value, recorderId), recorderId);
      if (refused != null) {
        skipped.count(refused);
        log.warn(refused.label(), "skipped " + PrometheusExportNames.sampleName(family, kind) + labelNames
            + " of recorder '" + recorderId + "', metric " + metricName + ", dimension " + value.dimension()
            + " in runtime '" + namespace + "': " + refused.label()
            + " (the first series of a family decides its kind and label keys)", null);
      }
    }
  }

  private HistogramValue writableHistogram(MetricValue value, String recorderId) {
    HistogramValue histogram = value.histogram().orElse(null);
    if (histogram == null || histogram.exemplars().isEmpty()) {
      return histogram;
    }
    HistogramValue writable = PrometheusExemplars.writable(histogram);
    if (writable != histogram) {
      tooLong(value, recorderId);
    }
    return writable;
  }

  private Exemplar writableExemplar(MetricValue value, String recorderId) {
    Exemplar exemplar = value.exemplar().orElse(null);
    if (exemplar == null || PrometheusExemplars.fits(exemplar)) {
      return exemplar;
    }
    tooLong(value, recorderId);
    return null;
  }

  private void tooLong(MetricValue value, String recorderId) {
    log.warn("exemplar", "left out an exemplar of dimension " + value.dimension() + " of recorder '" + recorderId
        + "' in runtime '" + namespace + "': its trace and span ids are longer than OpenMetrics' "
        + PrometheusExemplars.MAX_LABEL_CHARACTERS + " characters of exemplar labels allow", null);
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

  private RuntimeSnapshot currentStats() {
    try {
      return RuntimeSnapshot.empty(namespace, runtime.stats());
    } catch (RuntimeException failure) {
      log.warn("stats", "statistics of runtime '" + namespace + "' could not be read: " + failure, failure);
      return null;
    }
  }
}
