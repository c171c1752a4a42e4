package io.mvx.metrics.reliability;

import io.mvx.metrics.test.FixedMetric;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A runtime's worth of hostile but accepted input for the export properties: a namespace, recorders with
 * hostile ids, and metrics with tricky names, hostile descriptions, units, label values and extreme
 * values. jqwik generates the strings; a seeded {@link Random} assembles them into snapshots that satisfy
 * the snapshot rules (one kind and one label-key set per dimension, no repeated series).
 *
 * <p>Every recorder's first metric is the anchor {@code zz_anchor} (counter {@code events}), which no
 * generated name can collide with, so every recorder has at least one series in every adapter.
 */
record Scenario(String namespace, List<RecorderSpec> recorders) {

  static final String ANCHOR = "zz_anchor";

  /** One recorder: the id as given to {@code createRecorder} and its metrics' snapshots. */
  record RecorderSpec(String id, List<MetricSnapshot> metrics) {
    /** The id the runtime keeps and the adapters export: stripped. */
    String exportedId() {
      return id.strip();
    }
  }

  private static final double[] COUNTERS = {0, 1, 0.5, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE,
      9_007_199_254_740_993.0, 12_345.678, -0.0};
  private static final double[] GAUGES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1,
      -Double.MAX_VALUE, -1e-300, 0, 42};
  private static final String[] UNITS = {"", "1", "By", "s", "ms", "{event}"};

  static Arbitrary<Scenario> arbitrary() {
    return Combinators.combine(
            HostileText.identifiers(),
            HostileText.identifiers().list().ofMinSize(1).ofMaxSize(4),
            HostileText.metricNames().list().ofMinSize(1).ofMaxSize(6),
            HostileText.metricNames().list().ofMinSize(1).ofMaxSize(6),
            HostileText.labelKeys().list().ofMinSize(1).ofMaxSize(4),
            HostileText.text().list().ofMinSize(1).ofMaxSize(8),
            HostileText.text().list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.longs())
        .as(Scenario::build);
  }

  /** The runtime's namespace: stripped. */
  String exportedNamespace() {
    return namespace.strip();
  }

  /** Creates the recorders and registers their metrics in {@code runtime}. */
  void populate(MetricsRuntime runtime) {
    for (RecorderSpec spec : recorders) {
      RuntimeRecorder recorder = runtime.createRecorder(spec.id());
      spec.metrics().forEach(snapshot -> recorder.registerMetric(new FixedMetric(snapshot)));
    }
  }

  private static Scenario build(String namespace, List<String> ids, List<String> names, List<String> dimensions,
      List<String> labelKeys, List<String> labelValues, List<String> texts, long seed) {
    Random random = new Random(seed);
    Map<String, String> distinctIds = new LinkedHashMap<>();
    ids.forEach(id -> distinctIds.putIfAbsent(id.strip(), id));
    List<RecorderSpec> recorders = new ArrayList<>();
    int index = 0;
    for (String id : distinctIds.values()) {
      List<MetricSnapshot> metrics = new ArrayList<>();
      metrics.add(MetricSnapshot.builder(ANCHOR).description("anchor").counter("events", index++).build());
      Set<String> used = new HashSet<>();
      int count = random.nextInt(4);
      for (int m = 0; m < count; m++) {
        String name = pick(names, random);
        if (used.add(name)) {
          metrics.add(metric(name, random, dimensions, labelKeys, labelValues, texts));
        }
      }
      recorders.add(new RecorderSpec(id, List.copyOf(metrics)));
    }
    return new Scenario(namespace, List.copyOf(recorders));
  }

  private static MetricSnapshot metric(String name, Random random, List<String> dimensions, List<String> labelKeys,
      List<String> labelValues, List<String> texts) {
    MetricSnapshot.Builder builder = MetricSnapshot.builder(name);
    if (random.nextBoolean()) {
      builder.description(pick(texts, random));
    }
    builder.unit(random.nextInt(4) == 0 ? pick(texts, random) : UNITS[random.nextInt(UNITS.length)]);
    Set<String> usedDimensions = new HashSet<>();
    int count = 1 + random.nextInt(3);
    for (int d = 0; d < count; d++) {
      String dimension = pick(dimensions, random);
      if (!usedDimensions.add(dimension)) {
        continue;
      }
      ValueKind kind = random.nextBoolean() ? ValueKind.COUNTER : ValueKind.GAUGE;
      List<String> keys = new ArrayList<>();
      for (int k = random.nextInt(3); k > 0; k--) {
        String key = pick(labelKeys, random);
        if (!keys.contains(key)) {
          keys.add(key);
        }
      }
      Set<Map<String, String>> usedLabels = new HashSet<>();
      int series = keys.isEmpty() ? 1 : 1 + random.nextInt(3);
      for (int s = 0; s < series; s++) {
        Map<String, String> labels = new LinkedHashMap<>();
        keys.forEach(key -> labels.put(key, pick(labelValues, random)));
        if (!usedLabels.add(labels)) {
          continue;
        }
        if (kind == ValueKind.COUNTER) {
          builder.counter(dimension, COUNTERS[random.nextInt(COUNTERS.length)], labels);
        } else {
          builder.gauge(dimension, random.nextInt(4) == 0 ? random.nextGaussian() * 1e6
              : GAUGES[random.nextInt(GAUGES.length)], labels);
        }
      }
    }
    return builder.build();
  }

  private static String pick(List<String> values, Random random) {
    return values.get(random.nextInt(values.size()));
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Scenario{namespace=").append(quoted(namespace));
    for (RecorderSpec recorder : recorders) {
      out.append("\n  recorder ").append(quoted(recorder.id()));
      recorder.metrics().forEach(metric -> out.append("\n    ").append(quoted(metric.toString())));
    }
    return out.append("\n}").toString();
  }

  /** Java-escaped, so a failing scenario prints legibly. */
  private static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
        out.append((char) c);
      } else if (c < 0x10000) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.append(String.format("\\U%06x", c));
      }
    });
    return out.append('"').toString();
  }
}
