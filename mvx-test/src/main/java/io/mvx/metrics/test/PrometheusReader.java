package io.mvx.metrics.test;

import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.client.CollectorRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** One Prometheus scrape in text format 0.0.4, parsed strictly and read back with the Prometheus names. */
public final class PrometheusReader implements SeriesReader {

  private final String namespace;
  private final TextExposition scrape;

  private PrometheusReader(String namespace, TextExposition scrape) {
    this.namespace = namespace;
    this.scrape = scrape;
  }

  /**
   * Reads a scrape.
   *
   * @param namespace the runtime's namespace
   * @param text the scrape, text format 0.0.4
   * @return the reader
   */
  public static PrometheusReader of(String namespace, String text) {
    return new PrometheusReader(namespace, TextExposition.parse(text));
  }

  /**
   * Scrapes a simpleclient registry and reads it.
   *
   * @param namespace the runtime's namespace
   * @param registry the registry
   * @return the reader
   */
  public static PrometheusReader of(String namespace, CollectorRegistry registry) {
    return of(namespace, TextExposition.write004(registry));
  }

  /**
   * The parsed scrape.
   *
   * @return the scrape
   */
  public TextExposition scrape() {
    return scrape;
  }

  /**
   * The sample name of a value: {@code N_M_D} sanitised; a counter's without trailing {@code _total}s;
   * then the unit's word unless the name ends with it; a counter's then ends in {@code _total}.
   *
   * @param namespace the runtime's namespace
   * @param metric the metric
   * @param value the value
   * @return the sample name
   */
  public static String sampleName(String namespace, MetricSnapshot metric, MetricValue value) {
    String name = (namespace + "_" + metric.name() + "_" + value.dimension()).replaceAll("[^a-zA-Z0-9_:]", "_");
    boolean counter = value.kind() == ValueKind.COUNTER;
    while (counter && name.endsWith("_total")) {
      name = name.substring(0, name.length() - "_total".length());
    }
    String unit = switch (metric.unit()) {
      case "By" -> "bytes";
      case "s" -> "seconds";
      case "ms" -> "milliseconds";
      case "", "1" -> "";
      default -> metric.unit().startsWith("{") ? "" : metric.unit();
    };
    if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
      name = name + "_" + unit;
    }
    return counter ? name + "_total" : name;
  }

  @Override
  public OptionalDouble value(String recorderId, MetricSnapshot metric, MetricValue value) {
    Map<String, String> labels = labels(recorderId, value);
    String name = sampleName(namespace, metric, value);
    return scrape.value(value.kind() == ValueKind.HISTOGRAM ? name + "_count" : name, labels);
  }

  /**
   * The histogram family {@code N_M_D}: {@code _count}, {@code _sum} and every {@code _bucket{le}} of the
   * series, in the order written.
   */
  @Override
  public Optional<ExportedHistogram> histogram(String recorderId, MetricSnapshot metric, MetricValue value) {
    Map<String, String> labels = labels(recorderId, value);
    String family = sampleName(namespace, metric, value);
    OptionalDouble count = scrape.value(family + "_count", labels);
    OptionalDouble sum = scrape.value(family + "_sum", labels);
    if (count.isEmpty() || sum.isEmpty()) {
      return Optional.empty();
    }
    List<ExportedHistogram.Bucket> buckets = new ArrayList<>();
    for (TextExposition.Sample sample : scrape.samples()) {
      Map<String, String> withoutLe = new LinkedHashMap<>(sample.labels());
      String le = withoutLe.remove("le");
      if (sample.name().equals(family + "_bucket") && le != null && withoutLe.equals(labels)) {
        double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        buckets.add(new ExportedHistogram.Bucket(bound, (long) sample.value()));
      }
    }
    return Optional.of(new ExportedHistogram((long) count.getAsDouble(), sum.getAsDouble(), buckets,
        Optional.empty()));
  }

  private static Map<String, String> labels(String recorderId, MetricValue value) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("recorder", recorderId);
    labels.putAll(value.labels());
    return labels;
  }

  @Override
  public OptionalDouble runtimeStat(String stat) {
    String name = switch (stat) {
      case "handler_errors" -> "mvx_runtime_handler_errors_total";
      case "pending" -> "mvx_runtime_events_pending";
      case "recorders" -> "mvx_runtime_recorders";
      default -> "mvx_runtime_events_" + stat + "_total";
    };
    return scrape.value(name, Map.of("namespace", namespace));
  }

  @Override
  public OptionalDouble skipped(String reason) {
    return scrape.value("mvx_runtime_collector_skipped_total", Map.of("namespace", namespace, "reason", reason));
  }

  @Override
  public long seriesOf(String recorderId) {
    return scrape.samples().stream().filter(sample -> recorderId.equals(sample.labels().get("recorder"))).count();
  }
}
