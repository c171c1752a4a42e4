package io.mvx.metrics.otel;

import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableMeasurement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the instruments of one meter, at most one per name, and registers them in batch-callback
 * groups.
 *
 * <p>Lookups are lock-free; building and registering take a private lock that is never held while calling
 * into the runtime, so the runtime's processing thread (registry listener) and a collecting thread (which
 * waits for that processing thread) never wait for each other.
 */
final class InstrumentRegistry {

  private final Meter meter;
  private final OtelLog log;
  /** Keyed by the lower-cased name: instrument names are case-insensitive, so two spellings are one name. */
  private final ConcurrentHashMap<String, ObservedInstrument> byName = new ConcurrentHashMap<>();
  private final Object registration = new Object();
  private final List<ObservedInstrument> pending = new ArrayList<>(); // guarded by registration
  private final List<InstrumentGroup> groups = new ArrayList<>(); // guarded by registration
  private volatile boolean closed;

  InstrumentRegistry(Meter meter, OtelLog log) {
    this.meter = meter;
    this.log = log;
  }

  boolean isClosed() {
    return closed;
  }

  /** The number of instruments built so far. */
  int size() {
    return byName.size();
  }

  /** The number of batch callbacks registered so far. */
  int groupCount() {
    synchronized (registration) {
      return groups.size();
    }
  }

  /**
   * Where a value goes: its instrument, or why it is not exported ({@code refused} is null when the
   * registration is closed, and for a histogram, which the {@code MetricProducer} exports).
   */
  record Resolution(ObservedInstrument instrument, SkipReason refused, ObservedInstrument holder) {
    static final Resolution CLOSED = new Resolution(null, null, null);
    static final Resolution ELSEWHERE = new Resolution(null, null, null);

    Resolution(ObservedInstrument instrument, SkipReason refused) {
      this(instrument, refused, null);
    }
  }

  /**
   * The instrument that exports {@code value} of {@code metric}, built on first use, or why the value is
   * not exported: its name is not a valid instrument name, or another source already owns the name with
   * another kind or unit, or the same kind and unit ({@code NAME_CONFLICT}: one instrument has one source),
   * first wins; or the registration is closed. A refusal names the instrument that holds the name
   * ({@code holder}). Each problem is logged once. A histogram's name is reserved here (no
   * instrument is registered, nothing is observed: {@code MvxOtelMetrics.metricProducer} exports
   * histograms), so the first-wins rule and the skip counter cover histograms too.
   */
  Resolution instrumentFor(MetricSnapshot metric, MetricValue value) {
    String name = InstrumentNames.instrumentName(metric.name(), value.dimension(), value.kind());
    ObservedInstrument instrument = byName.get(key(name));
    if (instrument == null) {
      if (!InstrumentNames.isValidName(name)) {
        log.once("invalid-name:" + name, "'" + name + "' (metric " + metric.name() + ", dimension "
            + value.dimension() + ") is not a valid OpenTelemetry instrument name (an ASCII letter, then"
            + " up to 254 of [A-Za-z0-9_.-/]); its values are not exported");
        return new Resolution(null, SkipReason.INVALID_NAME);
      }
      instrument = build(name, value.kind(), exportUnit(metric.unit(), name), InstrumentNames.help(metric),
          metric.name(), value.dimension());
      if (instrument == null) {
        return Resolution.CLOSED;
      }
    }
    SkipReason refused = refusal(instrument, metric, value);
    if (refused == null && instrument.kind() == ValueKind.HISTOGRAM) {
      return Resolution.ELSEWHERE;
    }
    return new Resolution(refused == null ? instrument : null, refused, refused == null ? null : instrument);
  }

  /** Builds an instrument for a runtime statistic; its name is reserved for it. */
  ObservedInstrument runtimeStatistic(String name, ValueKind kind, String unit, String description) {
    return build(name, kind, unit, description, null, null);
  }

  /**
   * Registers the instruments built since the last call as one batch callback that calls
   * {@code observer}.
   *
   * @param lastEpoch the newest collection plan the new group must not record from
   */
  void registerPending(InstrumentGroup.Observer observer, long lastEpoch) {
    synchronized (registration) {
      if (closed || pending.isEmpty()) {
        return;
      }
      InstrumentGroup group = new InstrumentGroup(pending, lastEpoch);
      pending.clear();
      List<ObservedInstrument> instruments = group.instruments();
      ObservableMeasurement[] more = new ObservableMeasurement[instruments.size() - 1];
      for (int i = 1; i < instruments.size(); i++) {
        more[i - 1] = instruments.get(i).measurement();
      }
      try {
        group.callback(meter.batchCallback(() -> observer.observe(group),
            instruments.get(0).measurement(), more));
        groups.add(group);
      } catch (RuntimeException e) {
        log.throttled("batchCallback", "could not register a batch callback for " + instruments, e);
      }
    }
  }

  /** Unregisters every batch callback; afterwards nothing is built or registered. */
  void close() {
    List<InstrumentGroup> registered;
    synchronized (registration) {
      if (closed) {
        return;
      }
      closed = true;
      registered = List.copyOf(groups);
      groups.clear();
      pending.clear();
    }
    for (InstrumentGroup group : registered) {
      try {
        group.close();
      } catch (RuntimeException e) {
        log.throttled("close", "closing a batch callback failed", e);
      }
    }
  }

  private ObservedInstrument build(String name, ValueKind kind, String unit, String description,
      String sourceMetric, String sourceDimension) {
    synchronized (registration) {
      ObservedInstrument existing = byName.get(key(name));
      if (existing != null || closed) {
        return existing;
      }
      // the one place this adapter switches on ValueKind
      ObservableDoubleMeasurement measurement = switch (kind) {
        case HISTOGRAM -> null; // a reserved name: the MetricProducer exports histograms
        case COUNTER -> {
          var builder = meter.counterBuilder(name).ofDoubles().setUnit(unit);
          yield description.isEmpty() ? builder.buildObserver() : builder.setDescription(description).buildObserver();
        }
        case GAUGE -> {
          var builder = meter.gaugeBuilder(name).setUnit(unit);
          yield description.isEmpty() ? builder.buildObserver() : builder.setDescription(description).buildObserver();
        }
      };
      ObservedInstrument instrument =
          new ObservedInstrument(name, kind, unit, sourceMetric, sourceDimension, measurement);
      byName.put(key(name), instrument);
      if (measurement != null) {
        pending.add(instrument);
      }
      return instrument;
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private SkipReason refusal(ObservedInstrument instrument, MetricSnapshot metric, MetricValue value) {
    String problem;
    SkipReason reason;
    if (instrument.isRuntimeStatistic()) {
      problem = "is reserved for the runtime statistics";
      reason = SkipReason.NAME_CONFLICT;
    } else if (instrument.kind() != value.kind()) {
      problem = "is a " + instrument.kind() + " but this value is a " + value.kind() + " (first wins)";
      reason = SkipReason.KIND_CONFLICT;
    } else if (!instrument.unit().equals(exportUnit(metric.unit(), instrument.name()))) {
      problem = "has unit '" + instrument.unit() + "' but this value has '" + metric.unit() + "' (first wins)";
      reason = SkipReason.UNIT_CONFLICT;
    } else if (!instrument.isFedBy(metric.name(), value.dimension())) {
      problem = "already exports " + instrument.source() + " (first wins)";
      reason = SkipReason.NAME_CONFLICT; // or DUPLICATE_SERIES, where the series is already there: SeriesCache
    } else {
      return null;
    }
    String source = metric.name() + "/" + value.dimension() + " " + value.kind() + " " + metric.unit();
    log.once("conflict:" + instrument.name() + "<" + source, "instrument '" + instrument.name() + "' "
        + problem + "; values of " + metric.name() + "/" + value.dimension() + " are not exported");
    return reason;
  }

  private String exportUnit(String ucum, String name) {
    String unit = InstrumentNames.unit(ucum);
    if (unit == null) {
      log.once("invalid-unit:" + name, "unit '" + ucum + "' of '" + name + "' is not a valid OpenTelemetry"
          + " unit (printable ASCII, at most 63 characters); it is exported without a unit");
      return "";
    }
    return unit;
  }
}
