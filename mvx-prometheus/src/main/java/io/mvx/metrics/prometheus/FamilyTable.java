package io.mvx.metrics.prometheus;

import io.mvx.metrics.internal.export.ExportedName;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.ValueKind;
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
 * claims every name simpleclient writes for it ({@code x} and {@code x_total} for a counter), so a family
 * whose names overlap another's is refused with {@link SkipReason#NAME_CONFLICT}. The outcome depends only on
 * the order in which series are added. Not thread-safe: one table per scrape.
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
   * Adds one series.
   *
   * @param familyName the family name (for counters without {@code _total}; samples get it appended)
   * @param labelNames the label keys, in the order they are written
   * @return {@code null} when added, else why it was refused
   */
  SkipReason add(String familyName, ValueKind kind, String help, String unit, List<String> labelNames,
      List<String> labelValues, double value) {
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
      family.add(labelValues, value);
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
  }
}
