package io.mvx.metrics.prometheus.metrics;

import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.internal.export.PrometheusScrape;
import io.mvx.metrics.snapshot.Exemplar;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The families of one scrape in client_java 1.x's model: what {@link PrometheusScrape} admits, written as
 * counter, gauge and histogram snapshots (which series are admitted is the convention's, shared with the
 * simpleclient adapter). Counter families are named without {@code _total}: the 1.x writers add it. A
 * counter's exemplar and a histogram's become client_java exemplars ({@link PrometheusMetricsHistograms#exemplar}).
 * Not thread-safe: one per scrape.
 */
final class PrometheusMetricsSnapshotExport implements PrometheusScrape.Table {

  private final Map<String, Family> families = new LinkedHashMap<>();
  private final ThrottledLog log;

  /** @param log where a histogram exported with classic buckets only is reported, throttled */
  PrometheusMetricsSnapshotExport(ThrottledLog log) {
    this.log = log;
  }

  @Override
  public void family(String name, ValueKind kind, String help, String unitSuffix, List<String> labelNames) {
    families.put(name, new Family(name, kind, help, unitSuffix, labelNames));
  }

  @Override
  public void series(String family, List<String> labelValues, double value, HistogramValue histogram,
      Exemplar exemplar, String recorderId) {
    Family target = families.get(family);
    Labels labels = Labels.of(target.labelNames, labelValues);
    target.points.add(switch (target.kind) {
      case COUNTER -> new CounterDataPointSnapshot(value, labels,
          exemplar == null ? null : PrometheusMetricsHistograms.exemplar(exemplar), 0);
      case GAUGE -> new GaugeDataPointSnapshot(value, labels, null);
      case HISTOGRAM -> PrometheusMetricsHistograms.dataPoint(histogram, labels, coarse -> log.warn("schema",
          "histogram " + family + " of recorder '" + recorderId + "' is exported with classic buckets only: its "
              + "exponential scale " + coarse.exponential().orElseThrow().scale() + " is below Prometheus' lowest "
              + "native schema " + PrometheusMetricsHistograms.MIN_SCHEMA + " (give it more buckets)", null));
    });
  }

  /**
   * The families with data points. A family the 1.x model refuses (not expected: names and units are
   * sanitised) is left out and logged, so that the rest of the scrape survives.
   */
  MetricSnapshots snapshots() {
    List<MetricSnapshot> out = new ArrayList<>(families.size());
    for (Family family : families.values()) {
      if (!family.points.isEmpty()) {
        try {
          out.add(family.snapshot());
        } catch (RuntimeException refused) {
          log.warn("family", "MvxMultiCollector left a family out: " + refused, refused);
        }
      }
    }
    return new MetricSnapshots(out);
  }

  private static final class Family {
    final String name;
    final ValueKind kind;
    final String help;
    final String unit;
    final List<String> labelNames;
    final List<DataPointSnapshot> points = new ArrayList<>();

    Family(String name, ValueKind kind, String help, String unit, List<String> labelNames) {
      this.name = name;
      this.kind = kind;
      this.help = help;
      this.unit = unit;
      this.labelNames = labelNames;
    }

    @SuppressWarnings("unchecked")
    MetricSnapshot snapshot() {
      MetricMetadata metadata = new MetricMetadata(name, help, unit.isEmpty() ? null : new Unit(unit));
      List<? extends DataPointSnapshot> data = points;
      return switch (kind) {
        case COUNTER -> new CounterSnapshot(metadata, (List<CounterDataPointSnapshot>) data);
        case GAUGE -> new GaugeSnapshot(metadata, (List<GaugeDataPointSnapshot>) data);
        case HISTOGRAM -> new HistogramSnapshot(metadata, (List<HistogramDataPointSnapshot>) data);
      };
    }
  }
}
