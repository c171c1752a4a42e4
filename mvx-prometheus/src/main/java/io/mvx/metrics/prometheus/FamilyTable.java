package io.mvx.metrics.prometheus;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.Collector.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metric families of one scrape, built series by series. The first series of a family fixes its kind,
 * HELP, unit and label keys; a later series that does not fit is refused with a {@link SkipReason}, so the
 * outcome depends only on the order in which series are added. Not thread-safe: one table per scrape.
 */
final class FamilyTable {

  private final Map<String, Family> families = new LinkedHashMap<>();
  /** Every name a family occupies ({@link MetricFamilySamples#getNames()}) to that family. */
  private final Map<String, Family> namesInUse = new HashMap<>();
  /**
   * Whether one runtime feeds the table: then a family's recorder-only series arrive grouped by recorder,
   * each recorder once, and a repeat is caught by comparing with the previous recorder. Several runtimes
   * can feed one family (namespace {@code a} metric {@code b.c} and namespace {@code a_b} metric {@code c}),
   * so then every series goes through the set.
   */
  private final boolean singleRuntime;

  FamilyTable(boolean singleRuntime) {
    this.singleRuntime = singleRuntime;
  }

  /**
   * Declares a family only the collector fills (through {@link #addOwn}); series offered through
   * {@link #add} never join it.
   */
  void declareOwn(String name, Type type, String help, List<String> labelNames) {
    Family family = new Family(name, type, help, "", List.copyOf(labelNames), true, false);
    if (!occupy(family)) {
      throw new IllegalStateException(name + ": family declared twice");
    }
  }

  /** Adds a sample to a family declared with {@link #declareOwn}. */
  void addOwn(String name, List<String> labelValues, double value) {
    Family family = families.get(name);
    if (family == null || !family.own) {
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
  SkipReason add(String familyName, Type type, String help, String unit, List<String> labelNames,
      List<String> labelValues, double value) {
    Family family = families.get(familyName);
    if (family == null) {
      family = new Family(familyName, type, help, unit, List.copyOf(labelNames), false, singleRuntime);
      if (!occupy(family)) {
        return SkipReason.NAME_CONFLICT;
      }
    } else if (family.own) {
      return SkipReason.NAME_CONFLICT;
    } else if (family.type != type) {
      return SkipReason.KIND_CONFLICT;
    } else if (!family.labelNames.equals(labelNames)) {
      return SkipReason.LABEL_CONFLICT;
    }
    return family.add(labelValues, value) ? null : SkipReason.DUPLICATE_SERIES;
  }

  /**
   * The families with samples, each with all of its samples: those filled through {@link #add} in the order
   * their first series came, then the declared ones in declaration order.
   */
  List<MetricFamilySamples> familySamples() {
    List<MetricFamilySamples> out = new ArrayList<>(families.size());
    for (boolean own : new boolean[] {false, true}) {
      for (Family family : families.values()) {
        if (family.own == own && !family.samples.isEmpty()) {
          out.add(new MetricFamilySamples(family.name, family.unit, family.type, family.help, family.samples));
        }
      }
    }
    return out;
  }

  /** The sample name of a family's series. */
  static String sampleName(String familyName, Type type) {
    return type == Type.COUNTER ? familyName + PrometheusNames.TOTAL_SUFFIX : familyName;
  }

  /** Claims every name of {@code family}; false (and nothing claimed) when one is taken. */
  private boolean occupy(Family family) {
    String[] names = names(family);
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

  private static String[] names(Family family) {
    return new MetricFamilySamples(family.name, family.type, family.help, List.of()).getNames();
  }

  private static final class Family {
    final String name;
    final Type type;
    final String help;
    final String unit;
    final List<String> labelNames;
    final boolean own;
    final String sampleName;
    final List<Sample> samples = new ArrayList<>();
    /** Label values seen, for series carrying more than the recorder label (those may repeat in a recorder). */
    Set<List<String>> series;
    /**
     * The recorder of the last recorder-only series: one recorder's series arrive together and recorder ids
     * are unique within a family, so a recorder-only series repeats exactly when its recorder comes twice.
     */
    String lastRecorderOnly;
    final boolean singleRuntime;

    Family(String name, Type type, String help, String unit, List<String> labelNames, boolean own,
        boolean singleRuntime) {
      this.singleRuntime = singleRuntime;
      this.name = name;
      this.type = type;
      this.help = help;
      this.unit = unit;
      this.labelNames = labelNames;
      this.own = own;
      this.sampleName = sampleName(name, type);
    }

    boolean add(List<String> labelValues, double value) {
      List<String> values = List.copyOf(labelValues);
      if (values.size() == 1 && !own && singleRuntime) {
        if (values.get(0).equals(lastRecorderOnly)) {
          return false;
        }
        lastRecorderOnly = values.get(0);
      } else {
        if (series == null) {
          series = new HashSet<>();
        }
        if (!series.add(values)) {
          return false;
        }
      }
      samples.add(new Sample(sampleName, labelNames, values, value));
      return true;
    }
  }
}
