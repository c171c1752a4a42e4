package io.mvx.metrics.otel;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.internal.export.RuntimeStatistic;
import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.ValueKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfoBuilder;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The HISTOGRAM values of one runtime snapshot per {@link #produce} call, as cumulative OpenTelemetry
 * histograms: explicit buckets ({@link MetricDataType#HISTOGRAM}) or, for values that keep exponential
 * buckets, {@link MetricDataType#EXPONENTIAL_HISTOGRAM}. Loaded only by
 * {@link MvxOtelMetrics#metricProducer}, so the SDK stays optional for users of {@code register} alone.
 *
 * <p>Names follow the convention as {@code register} applies it: instrument {@code M.D}, scope = namespace,
 * attributes recorder plus labels, unit and description from the snapshot. Within one collection the first
 * value of a name in snapshot order, of any kind, decides its kind, unit and source (metric and dimension);
 * the first histogram of a name decides explicit or exponential. A histogram refused by these rules, with an
 * invalid name, a name of the runtime statistics, or a label named like the recorder attribute is left out
 * and logged once; {@code register} reserves histogram names by the same rules and counts these skips in
 * {@code mvx.runtime.collector.skipped}. A failed snapshot gives an empty collection (logged, throttled);
 * {@code produce} never throws.
 */
final class HistogramProducer implements MetricProducer {

  private final MetricsRuntime runtime;
  private final MvxOtelOptions options;
  private final InstrumentationScopeInfo scope;
  private final AttributeKey<String> recorderKey;
  private final Clock clock;
  private final OtelLog log;
  private final Set<String> reserved = new HashSet<>();
  private final SeriesStarts starts = new SeriesStarts();

  HistogramProducer(MetricsRuntime runtime, MvxOtelOptions options, Clock clock) {
    this.runtime = runtime;
    this.options = options;
    InstrumentationScopeInfoBuilder scopeBuilder = InstrumentationScopeInfo.builder(runtime.namespace());
    if (!options.instrumentationVersion().isEmpty()) {
      scopeBuilder.setVersion(options.instrumentationVersion());
    }
    this.scope = scopeBuilder.build();
    this.recorderKey = AttributeKey.stringKey(options.recorderAttributeKey());
    this.clock = clock;
    this.log = new OtelLog(runtime.namespace());
    for (RuntimeStatistic statistic : RuntimeStatistic.values()) {
      reserved.add(key(statistic.dottedName()));
    }
    reserved.add(key(RuntimeStatistic.skippedDottedName()));
  }

  /** The producer {@link MvxOtelMetrics#metricProducer} returns, on the SDK's clock. */
  static MetricProducer create(MetricsRuntime runtime, MvxOtelOptions options) {
    return new HistogramProducer(runtime, options, Clock.getDefault());
  }

  /**
   * Reads one runtime snapshot and returns its histograms, with {@code resource}; never throws.
   *
   * @param resource the resource of the meter provider
   * @return one metric per histogram name
   */
  @Override
  public synchronized Collection<MetricData> produce(Resource resource) {
    RuntimeSnapshot snapshot;
    try {
      snapshot = options.snapshot(runtime);
    } catch (RuntimeException e) {
      log.throttled("produce-snapshot", "runtime.snapshot() failed; this collection has no MVX histograms", e);
      return List.of();
    }
    try {
      long now = clock.now();
      Map<String, Name> names = new HashMap<>();
      Map<String, Family> families = new LinkedHashMap<>();
      starts.beginCollection();
      snapshot.recorders().forEach((recorderId, metrics) -> {
        for (MetricSnapshot metric : metrics.values()) {
          for (MetricValue value : metric.values()) {
            offer(names, families, recorderId, metric, value, now);
          }
        }
      });
      starts.endCollection();
      List<MetricData> out = new ArrayList<>(families.size());
      for (Family family : families.values()) {
        out.add(family.metricData(resource, scope));
      }
      return out;
    } catch (RuntimeException e) {
      log.throttled("produce", "exporting the MVX histograms failed; this collection has none", e);
      return List.of();
    }
  }

  private void offer(Map<String, Name> names, Map<String, Family> families, String recorderId,
      MetricSnapshot metric, MetricValue value, long now) {
    String name = InstrumentNames.instrumentName(metric.name(), value.dimension(), value.kind());
    String unit = InstrumentNames.unit(metric.unit());
    Name first = names.computeIfAbsent(key(name),
        k -> new Name(value.kind(), unit, metric.name(), value.dimension()));
    Optional<HistogramValue> histogram = value.histogram();
    if (histogram.isEmpty()) {
      return;
    }
    String problem = problem(name, first, value, unit, metric);
    if (problem != null) {
      log.once("producer:" + name + "<" + metric.name() + "/" + value.dimension(), "histogram '" + name
          + "' of " + metric.name() + "/" + value.dimension() + " is not exported: " + problem);
      return;
    }
    HistogramValue distribution = histogram.get();
    Optional<ExponentialBuckets> exponential = distribution.exponential();
    Family family = families.computeIfAbsent(name, n -> new Family(n, InstrumentNames.help(metric),
        unit == null ? "" : unit, exponential.isPresent()));
    if (family.exponential != exponential.isPresent()) {
      log.once("producer-form:" + name, "histogram '" + name + "' is exported with "
          + (family.exponential ? "exponential" : "explicit") + " buckets (its first series decides); a series"
          + " with the other form is left out");
      return;
    }
    Attributes attributes = attributes(recorderId, value.labels());
    long start = starts.startOf(name, attributes, distribution.count(), now);
    if (family.exponential) {
      family.exponentialPoints.add(
          HistogramPoints.exponential(distribution, exponential.get(), start, now, attributes));
    } else {
      family.explicitPoints.add(HistogramPoints.explicit(distribution, start, now, attributes));
    }
  }

  /** Why a histogram is not exported, or null: the convention's rules, as {@code register} applies them. */
  private String problem(String name, Name first, MetricValue value, String unit, MetricSnapshot metric) {
    if (!InstrumentNames.isValidName(name)) {
      return "not a valid OpenTelemetry instrument name";
    }
    if (reserved.contains(key(name))) {
      return "the name is reserved for the runtime statistics";
    }
    if (first.kind() != ValueKind.HISTOGRAM) {
      return "the name is a " + first.kind() + " (first wins)";
    }
    if (!Objects.equals(first.unit(), unit)) {
      return "the name has unit '" + first.unit() + "', this value '" + metric.unit() + "' (first wins)";
    }
    if (!first.metric().equals(metric.name()) || !first.dimension().equals(value.dimension())) {
      return "the name already exports " + first.metric() + "/" + first.dimension() + " (first wins)";
    }
    if (value.labels().containsKey(recorderKey.getKey())) {
      return "label '" + recorderKey.getKey() + "' clashes with the recorder attribute key";
    }
    return null;
  }

  private Attributes attributes(String recorderId, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return Attributes.of(recorderKey, recorderId);
    }
    AttributesBuilder builder = Attributes.builder();
    labels.forEach(builder::put);
    return builder.put(recorderKey, recorderId).build();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** The kind, unit and source of the first value of a name in one collection. */
  private record Name(ValueKind kind, String unit, String metric, String dimension) {}

  /** The points of one histogram name in one collection. */
  private static final class Family {
    final String name;
    final String description;
    final String unit;
    final boolean exponential;
    final List<HistogramPointData> explicitPoints = new ArrayList<>();
    final List<ExponentialHistogramPointData> exponentialPoints = new ArrayList<>();

    Family(String name, String description, String unit, boolean exponential) {
      this.name = name;
      this.description = description;
      this.unit = unit;
      this.exponential = exponential;
    }

    MetricData metricData(Resource resource, InstrumentationScopeInfo scope) {
      return exponential
          ? new ProducedMetricData(resource, scope, name, description, unit,
              MetricDataType.EXPONENTIAL_HISTOGRAM,
              ExponentialHistogramData.create(AggregationTemporality.CUMULATIVE, exponentialPoints))
          : new ProducedMetricData(resource, scope, name, description, unit, MetricDataType.HISTOGRAM,
              HistogramData.create(AggregationTemporality.CUMULATIVE, explicitPoints));
    }
  }
}
