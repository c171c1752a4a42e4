package io.mvx.metrics.prometheus;

import io.mvx.metrics.internal.export.ExportedName;
import io.mvx.metrics.internal.export.ReservedKeys;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.Collector.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metric families of one scrape, built series by series. The convention's {@link ExportedName} rule
 * decides which series a family takes (the first fixes its kind and label keys); on top of it a family
 * claims every name simpleclient writes for it ({@code x} and {@code x_total} for a counter; {@code x_bucket},
 * {@code x_count}, {@code x_sum} and more for a histogram), so a family whose names overlap another's is
 * refused with {@link SkipReason#NAME_CONFLICT}, whichever comes first. The outcome depends only on the order
 * in which series are added. Not thread-safe: one table per scrape.
 */
final class FamilyTable {

  private final Map<String, Family> families = new LinkedHashMap<>();
  /** Every name a family occupies ({@link MetricFamilySamples#getNames()}) to that family. */
  private final Map<String, Family> namesInUse = new HashMap<>();
  /** Whether one runtime snapshot feeds the table (see {@link ExportedName}). */
  private final boolean singleRuntime;

  FamilyTable(boolean singleRuntime) {
    this.singleRuntime = singleRuntime;
  }

  /**
   * Declares a family only the collector fills (through {@link #addOwn}); series offered through
   * {@link #add} never join it.
   */
  void declareOwn(String name, Type type, String help, List<String> labelNames) {
    Family family = new Family(name, type, help, "", List.copyOf(labelNames), null);
    if (!occupy(family)) {
      throw new IllegalStateException(name + ": family declared twice");
    }
  }

  /** Adds a sample to a family declared with {@link #declareOwn}. */
  void addOwn(String name, List<String> labelValues, double value) {
    Family family = families.get(name);
    if (family == null || family.rule != null) {
      throw new IllegalStateException(name + ": not a declared family");
    }
    family.add(labelValues, value);
  }

  /**
   * Adds one counter or gauge series.
   *
   * @param familyName the family name (for counters without {@code _total}; samples get it appended)
   * @param labelNames the label keys, in the order they are written
   * @return {@code null} when added, else why it was refused
   */
  SkipReason add(String familyName, ValueKind kind, String help, String unit, List<String> labelNames,
      List<String> labelValues, double value) {
    return add(familyName, kind, help, unit, labelNames, labelValues, value, null);
  }

  /**
   * Adds one series: a counter or gauge with {@code value}, or a histogram ({@code histogram} not null)
   * written as cumulative {@code _bucket{le}} samples, then {@code _count} and {@code _sum}. A histogram with
   * an {@code le} label is refused ({@link SkipReason#LABEL_CONFLICT}): the core rejects one, but the
   * buckets would carry the label twice.
   *
   * @param familyName the family name (for counters without {@code _total}; samples get it appended)
   * @param labelNames the label keys, in the order they are written
   * @param histogram the distribution of a {@link ValueKind#HISTOGRAM} series, else null
   * @return {@code null} when added, else why it was refused
   */
  SkipReason add(String familyName, ValueKind kind, String help, String unit, List<String> labelNames,
      List<String> labelValues, double value, HistogramValue histogram) {
    if (histogram != null && labelNames.contains(ReservedKeys.LE)) {
      return SkipReason.LABEL_CONFLICT;
    }
    Family family = families.get(familyName);
    if (family == null) {
      family = new Family(familyName, PrometheusNames.type(kind), help, unit, List.copyOf(labelNames),
          new ExportedName(kind, labelNames, singleRuntime));
      if (!occupy(family)) {
        return SkipReason.NAME_CONFLICT;
      }
    } else if (family.rule == null) {
      return SkipReason.NAME_CONFLICT;
    }
    SkipReason refused = family.rule.admit(kind, labelNames, labelValues);
    if (refused == null) {
      if (histogram != null) {
        family.addHistogram(labelValues, histogram);
      } else {
        family.add(labelValues, value);
      }
    }
    return refused;
  }

  /**
   * The families with samples, each with all of its samples: those filled through {@link #add} in the order
   * their first series came, then the declared ones in declaration order.
   */
  List<MetricFamilySamples> familySamples() {
    List<MetricFamilySamples> out = new ArrayList<>(families.size());
    for (boolean own : new boolean[] {false, true}) {
      for (Family family : families.values()) {
        if ((family.rule == null) == own && !family.samples.isEmpty()) {
          out.add(new MetricFamilySamples(family.name, family.unit, family.type, family.help, family.samples));
        }
      }
    }
    return out;
  }

  /** Claims every name of {@code family}; false (and nothing claimed) when one is taken. */
  private boolean occupy(Family family) {
    String[] names = new MetricFamilySamples(family.name, family.type, family.help, List.of()).getNames();
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
    final Type type;
    final String help;
    final String unit;
    final List<String> labelNames;
    /** The series rule of a family filled from snapshots; null for a declared family. */
    final ExportedName rule;
    final String sampleName;
    final List<Sample> samples = new ArrayList<>();
    /** The label keys of a histogram's bucket samples: {@link #labelNames} and {@code le}. */
    List<String> bucketLabelNames;

    Family(String name, Type type, String help, String unit, List<String> labelNames, ExportedName rule) {
      this.name = name;
      this.type = type;
      this.help = help;
      this.unit = unit;
      this.labelNames = labelNames;
      this.rule = rule;
      this.sampleName = PrometheusNames.sampleName(name, type);
    }

    void add(List<String> labelValues, double value) {
      samples.add(new Sample(sampleName, labelNames, List.copyOf(labelValues), value));
    }

    /** Every bucket (cumulative, {@code le} as simpleclient writes it, {@code +Inf} last), count, sum. */
    void addHistogram(List<String> labelValues, HistogramValue histogram) {
      if (bucketLabelNames == null) {
        List<String> names = new ArrayList<>(labelNames.size() + 1);
        names.addAll(labelNames);
        names.add(ReservedKeys.LE);
        bucketLabelNames = List.copyOf(names);
      }
      List<String> values = List.copyOf(labelValues);
      for (int i = 0; i < histogram.bucketCount(); i++) {
        String[] bucketValues = values.toArray(new String[values.size() + 1]);
        bucketValues[values.size()] = Collector.doubleToGoString(histogram.upperBound(i));
        samples.add(new Sample(name + "_bucket", bucketLabelNames, List.of(bucketValues),
            histogram.cumulativeCount(i)));
      }
      samples.add(new Sample(name + "_count", labelNames, values, histogram.count()));
      samples.add(new Sample(name + "_sum", labelNames, values, histogram.sum()));
    }
  }
}
