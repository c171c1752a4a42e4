package io.mvx.metrics.engine;

import io.mvx.metrics.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * The immutable list of a recorder's metrics and their names, replaced as a whole when a metric is
 * registered. A recorder with one metric, the usual per-entity case, keeps no table (see
 * {@link DefaultRecorder#metrics}) and makes a view of one when asked; more metrics go into one array of
 * metric, name, metric, name, ... (per-entity runtimes hold many recorders, so every object and array header
 * counts).
 */
final class MetricTable {

  static final MetricTable EMPTY = new MetricTable(null, null, null);

  private final Metric single;
  private final String singleName;
  /** metric, name, ... when there are two metrics or more; null otherwise. */
  private final Object[] entries;

  private MetricTable(Metric single, String singleName, Object[] entries) {
    this.single = single;
    this.singleName = singleName;
    this.entries = entries;
  }

  /** A table of one metric. */
  static MetricTable single(Metric metric, String name) {
    return new MetricTable(metric, name, null);
  }

  int size() {
    return entries != null ? entries.length >> 1 : single != null ? 1 : 0;
  }

  Metric metric(int index) {
    return entries != null ? (Metric) entries[index << 1] : single;
  }

  String name(int index) {
    return entries != null ? (String) entries[(index << 1) + 1] : singleName;
  }

  boolean contains(String name) {
    for (int i = 0, size = size(); i < size; i++) {
      if (name(i).equals(name)) {
        return true;
      }
    }
    return false;
  }

  MetricTable plus(Metric metric, String name) {
    int size = size();
    if (size == 0) {
      return new MetricTable(metric, name, null);
    }
    Object[] more = new Object[(size + 1) * 2];
    for (int i = 0; i < size; i++) {
      more[i << 1] = metric(i);
      more[(i << 1) + 1] = name(i);
    }
    more[size << 1] = metric;
    more[(size << 1) + 1] = name;
    return new MetricTable(null, null, more);
  }

  List<Metric> asList() {
    List<Metric> metrics = new ArrayList<>(size());
    for (int i = 0, size = size(); i < size; i++) {
      metrics.add(metric(i));
    }
    return List.copyOf(metrics);
  }
}
