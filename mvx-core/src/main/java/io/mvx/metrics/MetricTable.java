package io.mvx.metrics;

import java.util.Arrays;
import java.util.List;

/** The immutable list of a recorder's metrics; replaced as a whole when a metric is registered. */
final class MetricTable {

  static final MetricTable EMPTY = new MetricTable(new Metric[0], new String[0]);

  final Metric[] metrics;
  final String[] names;

  private MetricTable(Metric[] metrics, String[] names) {
    this.metrics = metrics;
    this.names = names;
  }

  boolean contains(String name) {
    for (String existing : names) {
      if (existing.equals(name)) {
        return true;
      }
    }
    return false;
  }

  MetricTable plus(Metric metric, String name) {
    Metric[] moreMetrics = Arrays.copyOf(metrics, metrics.length + 1);
    String[] moreNames = Arrays.copyOf(names, names.length + 1);
    moreMetrics[metrics.length] = metric;
    moreNames[names.length] = name;
    return new MetricTable(moreMetrics, moreNames);
  }

  List<Metric> asList() {
    return List.of(metrics);
  }
}
