package io.mvx.metrics.integration;

import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.CollectorRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** One scrape of a simpleclient registry, read back with API.md §5's Prometheus names. */
final class PrometheusReader implements SeriesReader {

  private final String namespace;
  private final Map<String, Double> samples = new HashMap<>();

  PrometheusReader(String namespace, CollectorRegistry registry) {
    this.namespace = namespace;
    for (MetricFamilySamples family : Collections.list(registry.metricFamilySamples())) {
      for (Sample sample : family.samples) {
        samples.put(key(sample.name, sample.labelNames, sample.labelValues), sample.value);
      }
    }
  }

  /** {@code N_M_D} sanitised; a counter's sample is the name without trailing {@code _total}s plus one. */
  static String sampleName(String namespace, String metricName, MetricValue value) {
    String name = (namespace + "_" + metricName + "_" + value.dimension()).replaceAll("[^a-zA-Z0-9_:]", "_");
    if (value.kind() == ValueKind.COUNTER) {
      while (name.endsWith("_total")) {
        name = name.substring(0, name.length() - "_total".length());
      }
      name = name + "_total";
    }
    return name;
  }

  @Override
  public OptionalDouble value(String recorderId, String metricName, MetricValue value) {
    List<String> names = new ArrayList<>(List.of("recorder"));
    List<String> values = new ArrayList<>(List.of(recorderId));
    value.labels().forEach((k, v) -> {
      names.add(k);
      values.add(v);
    });
    return lookup(key(sampleName(namespace, metricName, value), names, values));
  }

  @Override
  public OptionalDouble runtimeStat(String stat) {
    String name = switch (stat) {
      case "handler_errors" -> "mvx_runtime_handler_errors_total";
      case "pending" -> "mvx_runtime_events_pending";
      case "recorders" -> "mvx_runtime_recorders";
      default -> "mvx_runtime_events_" + stat + "_total";
    };
    return lookup(key(name, List.of("namespace"), List.of(namespace)));
  }

  /** How many samples carry {@code recorder=recorderId}. */
  long seriesOf(String recorderId) {
    return samples.keySet().stream().filter(k -> k.contains("\u0000recorder=" + recorderId + "\u0000")).count();
  }

  private OptionalDouble lookup(String key) {
    Double found = samples.get(key);
    return found == null ? OptionalDouble.empty() : OptionalDouble.of(found);
  }

  private static String key(String name, List<String> labelNames, List<String> labelValues) {
    Map<String, String> sorted = new java.util.TreeMap<>();
    for (int i = 0; i < labelNames.size(); i++) {
      sorted.put(labelNames.get(i), labelValues.get(i));
    }
    StringBuilder key = new StringBuilder(name).append('\u0000');
    sorted.forEach((k, v) -> key.append(k).append('=').append(v).append('\u0000'));
    return key.toString();
  }
}
