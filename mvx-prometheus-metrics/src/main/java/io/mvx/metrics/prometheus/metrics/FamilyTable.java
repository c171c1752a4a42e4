package io.mvx.metrics.prometheus.metrics;

import io.mvx.metrics.internal.export.ExportedName;
import io.mvx.metrics.internal.export.PrometheusExportNames;
import io.mvx.metrics.internal.export.SkipReason;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The metric families of one scrape, built series by series into client_java 1.x snapshots. The convention's
 * {@link ExportedName} rule decides which series a family takes (the first fixes its kind and label keys); on
 * top of it a family claims every name it occupies in an exposition
 * ({@link PrometheusExportNames#occupiedNames}), so a family whose names overlap another's is refused with
 * {@link SkipReason#NAME_CONFLICT} exactly as {@code MvxCollector} refuses it. Not thread-safe: one table per
 * scrape.
 */
final class FamilyTable {

  private final Map<String, Family> families = new LinkedHashMap<>();
  private final Map<String, Family> namesInUse = new HashMap<>();
  private final boolean singleRuntime;

  /** @param singleRuntime whether one runtime snapshot feeds the table (see {@link ExportedName}) */
  FamilyTable(boolean singleRuntime) {
    this.singleRuntime = singleRuntime;
  }

  /** Declares a family only the collector fills (through {@link #addOwn}); {@link #add} never joins it. */
  void declareOwn(String name, ValueKind kind, String help, List<String> labelNames) {
    if (!occupy(new Family(name, kind, help, "", List.copyOf(labelNames), null))) {
      throw new IllegalStateException(name + ": family declared twice");
    }
  }

  /** Adds a sample to a family declared with {@link #declareOwn}. */
  void addOwn(String name, List<String> labelValues, double value) {
    Family family = families.get(name);
    if (family == null || family.rule != null) {
      throw new IllegalStateException(name + ": not a declared family");
    }
    Labels labels = Labels.of(family.labelNames, labelValues);
    family.points.add(family.kind == ValueKind.COUNTER
        ? new CounterDataPointSnapshot(value, labels, null, 0)
        : new GaugeDataPointSnapshot(value, labels, null));
  }

  /**
   * Adds one series of a counter or gauge ({@code histogram == null}) or of a histogram.
   *
   * @param familyName the family name (for counters without {@code _total})
   * @param unit the unit suffix the name ends with, {@code ""} for none
   * @param labelNames the label keys, the recorder first
   * @param histogram the distribution of a HISTOGRAM value, else null
   * @param nativeFallback told when a histogram's exponential form cannot be a native histogram
   * @return {@code null} when added, else why it was refused
   */
  SkipReason add(String familyName, ValueKind kind, String help, String unit, List<String> labelNames,
      List<String> labelValues, double value, HistogramValue histogram, Consumer<HistogramValue> nativeFallback) {
    Family family = families.get(familyName);
    if (family == null) {
      family = new Family(familyName, kind, help, unit, List.copyOf(labelNames),
          new ExportedName(kind, labelNames, singleRuntime));
      if (!occupy(family)) {
        return SkipReason.NAME_CONFLICT;
      }
    } else if (family.rule == null) {
      return SkipReason.NAME_CONFLICT;
    }
    SkipReason refused = family.rule.admit(kind, labelNames, labelValues);
    if (refused == null) {
      Labels labels = Labels.of(labelNames, labelValues);
      family.points.add(switch (kind) {
        case COUNTER -> new CounterDataPointSnapshot(value, labels, null, 0);
        case GAUGE -> new GaugeDataPointSnapshot(value, labels, null);
        case HISTOGRAM -> PrometheusMetricsHistograms.dataPoint(histogram, labels, nativeFallback);
      });
    }
    return refused;
  }

  /**
   * The families with data points. A family the 1.x model refuses (not expected: names and units are
   * sanitised) is left out and reported to {@code refused}, so that the rest of the scrape survives.
   */
  MetricSnapshots snapshots(Consumer<RuntimeException> refused) {
    List<MetricSnapshot> out = new ArrayList<>(families.size());
    for (Family family : families.values()) {
      if (!family.points.isEmpty()) {
        try {
          out.add(family.snapshot());
        } catch (RuntimeException failure) {
          refused.accept(failure);
        }
      }
    }
    return new MetricSnapshots(out);
  }

  /** Claims every name of {@code family}; false (and nothing claimed) when one is taken. */
  private boolean occupy(Family family) {
    List<String> names = PrometheusExportNames.occupiedNames(family.name, family.kind);
    for (String name : names) {
      if (namesInUse.containsKey(name)) {
        return false;
      }
    }
    for (String name : names) {
      namesInUse.put(name, family);
    }
    families.put(family.name, family);
    return true;
  }

  private static final class Family {
    final String name;
    final ValueKind kind;
    final String help;
    final String unit;
    final List<String> labelNames;
    /** The series rule of a family filled from snapshots; null for a declared family. */
    final ExportedName rule;
    final List<DataPointSnapshot> points = new ArrayList<>();

    Family(String name, ValueKind kind, String help, String unit, List<String> labelNames, ExportedName rule) {
      this.name = name;
      this.kind = kind;
      this.help = help;
      this.unit = unit;
      this.labelNames = labelNames;
      this.rule = rule;
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
