package io.mvx.metrics.otel;

import io.mvx.metrics.internal.export.SkipCounter;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.ValueKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers, per recorder and metric, where each snapshot value goes: its instrument and its
 * {@link Attributes}, built once per series rather than at every collection. A value is matched to its
 * cached target by position, dimension, kind and labels; only a new or changed shape is resolved again.
 * Recorders and metrics missing from a snapshot are forgotten, so removed recorders neither leak nor get
 * reported. A value that is not exported is counted in the skip counter at every collection, under the
 * reason its target remembers. Not thread-safe: used under the collector's lock.
 */
final class SeriesCache {

  private final InstrumentRegistry registry;
  private final AttributeKey<String> recorderKey;
  private final OtelLog log;
  private final SkipCounter skipped;
  private final Map<String, RecorderSeries> recorders = new HashMap<>();

  SeriesCache(InstrumentRegistry registry, AttributeKey<String> recorderKey, OtelLog log, SkipCounter skipped) {
    this.registry = registry;
    this.recorderKey = recorderKey;
    this.log = log;
    this.skipped = skipped;
  }

  /** Adds every value of {@code snapshot} to its instrument's points of plan {@code epoch}. */
  void fill(RuntimeSnapshot snapshot, long epoch) {
    Map<String, Map<String, MetricSnapshot>> all = snapshot.recorders();
    for (Map.Entry<String, Map<String, MetricSnapshot>> entry : all.entrySet()) {
      String recorderId = entry.getKey();
      RecorderSeries recorder = recorders.get(recorderId);
      if (recorder == null) {
        recorder = new RecorderSeries(recorderId, Attributes.of(recorderKey, recorderId));
        recorders.put(recorderId, recorder);
      }
      recorder.seen = epoch;
      fill(recorder, entry.getValue(), epoch);
    }
    if (recorders.size() > all.size()) {
      recorders.values().removeIf(recorder -> recorder.seen != epoch);
    }
  }

  private void fill(RecorderSeries recorder, Map<String, MetricSnapshot> metrics, long epoch) {
    for (MetricSnapshot metric : metrics.values()) {
      MetricSeries series = recorder.metrics.get(metric.name());
      if (series == null) {
        series = new MetricSeries();
        recorder.metrics.put(metric.name(), series);
      }
      series.seen = epoch;
      List<MetricValue> values = metric.values();
      Target[] targets = series.targets(values.size());
      for (int i = 0; i < targets.length; i++) {
        MetricValue value = values.get(i);
        Target target = targets[i];
        if (target == null || !target.matches(value)) {
          target = resolve(recorder, metric, value);
          targets[i] = target;
        }
        if (target.instrument != null) {
          target.instrument.add(epoch, value.value(), target.attributes);
        } else if (target.refused != null) {
          skipped.count(target.refused);
        }
      }
    }
    if (recorder.metrics.size() > metrics.size()) {
      recorder.metrics.values().removeIf(series -> series.seen != epoch);
    }
  }

  private Target resolve(RecorderSeries recorder, MetricSnapshot metric, MetricValue value) {
    InstrumentRegistry.Resolution resolution = registry.instrumentFor(metric, value);
    ObservedInstrument instrument = resolution.instrument();
    if (instrument == null) {
      SkipReason refused = resolution.refused();
      ObservedInstrument holder = resolution.holder();
      if (refused == SkipReason.NAME_CONFLICT && holder != null
          && exports(recorder, holder, attributes(recorder, value))) {
        refused = SkipReason.DUPLICATE_SERIES; // this very series is already written: the one meaning it has
      }
      return new Target(value, null, null, refused);
    }
    if (value.labels().containsKey(recorderKey.getKey())) {
      log.once("label-clash:" + instrument.name(), "label '" + recorderKey.getKey() + "' of "
          + metric.name() + "/" + value.dimension() + " clashes with the recorder attribute key; its"
          + " labelled values are not exported (choose another MvxOtelOptions.recorderAttributeKey)");
      return new Target(value, null, null, SkipReason.LABEL_CONFLICT);
    }
    return new Target(value, instrument, attributes(recorder, value), null);
  }

  /** The attributes of a value's series: its labels and the recorder's id. */
  private Attributes attributes(RecorderSeries recorder, MetricValue value) {
    Map<String, String> labels = value.labels();
    if (labels.isEmpty()) {
      return recorder.attributes;
    }
    AttributesBuilder attributes = Attributes.builder();
    labels.forEach(attributes::put);
    attributes.put(recorderKey, recorder.id);
    return attributes.build();
  }

  /** True when another value of the recorder already feeds {@code instrument} the series {@code attributes}. */
  private static boolean exports(RecorderSeries recorder, ObservedInstrument instrument, Attributes attributes) {
    for (MetricSeries series : recorder.metrics.values()) {
      for (Target target : series.targets) {
        if (target != null && target.instrument == instrument && attributes.equals(target.attributes)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The cached series of one recorder. */
  private static final class RecorderSeries {
    final String id;
    final Attributes attributes;
    final Map<String, MetricSeries> metrics = new HashMap<>();
    long seen;

    RecorderSeries(String id, Attributes attributes) {
      this.id = id;
      this.attributes = attributes;
    }
  }

  /** The cached targets of one metric of one recorder, aligned with its snapshot's values. */
  private static final class MetricSeries {
    private static final Target[] NONE = new Target[0];
    Target[] targets = NONE;
    long seen;

    Target[] targets(int count) {
      if (targets.length != count) {
        targets = Arrays.copyOf(targets, count);
      }
      return targets;
    }
  }

  /**
   * Where one value goes: an instrument and the attributes of its series, or (instrument null) why it is
   * not exported.
   */
  private static final class Target {
    final String dimension;
    final ValueKind kind;
    final Map<String, String> labels;
    final ObservedInstrument instrument;
    final Attributes attributes;
    final SkipReason refused;

    Target(MetricValue value, ObservedInstrument instrument, Attributes attributes, SkipReason refused) {
      this.dimension = value.dimension();
      this.kind = value.kind();
      this.labels = value.labels();
      this.instrument = instrument;
      this.attributes = attributes;
      this.refused = refused;
    }

    boolean matches(MetricValue value) {
      Map<String, String> other = value.labels();
      return kind == value.kind()
          && dimension.equals(value.dimension())
          && (labels == other || labels.equals(other));
    }
  }
}
