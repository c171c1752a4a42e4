package io.mvx.metrics.engine;

import io.mvx.metrics.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * The immutable list of a recorder's metrics and their names, replaced as a whole when a metric is
 * registered. One array holds metric, name, metric, name, ... (one array instead of two saves memory per
 * recorder, and per-entity runtimes hold many recorders).
 */
final class MetricTable {

  static final MetricTable EMPTY = new MetricTable(new Object[0]);

  private final Object[] entries;

  private MetricTable(Object[] entries) {
    this.entries = entries;
  }

  int size() {
    return entries.length >> 1;
  }

  Metric metric(int index) {
    return (Metric) entries[index << 1];
  }

  String name(int index) {
    return (String) entries[(index << 1) + 1];
  }

  boolean contains(String name) {
    for (int i = 1; i < entries.length; i += 2) {
      if (entries[i].equals(name)) {
        return true;
      }
    }
    return false;
  }

  MetricTable plus(Metric metric, String name) {
    Object[] more = new Object[entries.length + 2];
    System.arraycopy(entries, 0, more, 0, entries.length);
    more[entries.length] = metric;
    more[entries.length + 1] = name;
    return new MetricTable(more);
  }

  List<Metric> asList() {
    List<Metric> metrics = new ArrayList<>(size());
    for (int i = 0; i < entries.length; i += 2) {
      metrics.add((Metric) entries[i]);
    }
    return List.copyOf(metrics);
  }
}
