package io.mvx.metrics.prometheus;

import io.mvx.metrics.internal.export.PrometheusExemplars;
import io.mvx.metrics.internal.export.PrometheusScrape;
import io.mvx.metrics.internal.export.ReservedKeys;
import io.mvx.metrics.snapshot.Exemplar;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.Collector.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The families of one scrape in simpleclient's model: what {@link PrometheusScrape} admits, written as
 * {@link MetricFamilySamples} (which series are admitted is the convention's, shared with the client_java 1.x
 * adapter). A counter's samples end in {@code _total}; a histogram's are cumulative {@code _bucket{le}}
 * samples ({@code le} as simpleclient writes it, {@code +Inf} last), then {@code _count} and {@code _sum}.
 * Exemplars ride on the samples simpleclient's OpenMetrics writer gives them to: a counter's on its
 * {@code _total} sample, a histogram bucket's on that bucket's {@code _bucket} sample, labelled
 * {@code trace_id} and {@code span_id}. Not thread-safe: one per scrape.
 */
final class PrometheusSnapshotExport implements PrometheusScrape.Table {

  private final Map<String, Family> families = new LinkedHashMap<>();

  @Override
  public void family(String name, ValueKind kind, String help, String unitSuffix, List<String> labelNames) {
    families.put(name, new Family(name, type(kind), help, unitSuffix, labelNames));
  }

  @Override
  public void series(String family, List<String> labelValues, double value, HistogramValue histogram,
      Exemplar exemplar, String recorderId) {
    Family target = families.get(family);
    if (histogram != null) {
      target.addHistogram(labelValues, histogram);
    } else {
      target.add(labelValues, value, exemplar);
    }
  }

  /** An MVX exemplar as simpleclient's: labels {@code trace_id} and {@code span_id}, value and timestamp. */
  static io.prometheus.client.exemplars.Exemplar exemplar(Exemplar exemplar) {
    return exemplar == null ? null : new io.prometheus.client.exemplars.Exemplar(exemplar.value(),
        exemplar.epochMillis(), PrometheusExemplars.TRACE_ID, exemplar.traceId(), PrometheusExemplars.SPAN_ID,
        exemplar.spanId());
  }

  /** The families with samples, in the order they were opened, each with all of its samples. */
  List<MetricFamilySamples> familySamples() {
    List<MetricFamilySamples> out = new ArrayList<>(families.size());
    for (Family family : families.values()) {
      if (!family.samples.isEmpty()) {
        out.add(new MetricFamilySamples(family.name, family.unit, family.type, family.help, family.samples));
      }
    }
    return out;
  }

  /** The family type of a value kind: the one place this adapter switches on {@link ValueKind}. */
  static Type type(ValueKind kind) {
    return switch (kind) {
      case COUNTER -> Type.COUNTER;
      case GAUGE -> Type.GAUGE;
      case HISTOGRAM -> Type.HISTOGRAM;
    };
  }

  private static final class Family {
    final String name;
    final Type type;
    final String help;
    final String unit;
    final List<String> labelNames;
    final String sampleName;
    final List<Sample> samples = new ArrayList<>();
    /** The label keys of a histogram's bucket samples: {@link #labelNames} and {@code le}. */
    List<String> bucketLabelNames;

    Family(String name, Type type, String help, String unit, List<String> labelNames) {
      this.name = name;
      this.type = type;
      this.help = help;
      this.unit = unit;
      this.labelNames = labelNames;
      this.sampleName = type == Type.COUNTER ? name + "_total" : name;
    }

    void add(List<String> labelValues, double value, Exemplar exemplar) {
      samples.add(new Sample(sampleName, labelNames, List.copyOf(labelValues), value, exemplar(exemplar)));
    }

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
            histogram.cumulativeCount(i), exemplar(histogram.exemplar(i).orElse(null))));
      }
      samples.add(new Sample(name + "_count", labelNames, values, histogram.count()));
      samples.add(new Sample(name + "_sum", labelNames, values, histogram.sum()));
    }
  }
}
