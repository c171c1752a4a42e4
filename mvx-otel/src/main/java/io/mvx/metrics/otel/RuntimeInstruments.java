package io.mvx.metrics.otel;

import io.mvx.metrics.snapshot.RuntimeStats;
import io.mvx.metrics.snapshot.ValueKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/** The runtime's own statistics as {@code mvx.runtime.*} instruments with the attribute {@code namespace}. */
final class RuntimeInstruments {

  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");

  private final Attributes attributes;
  private final ObservedInstrument accepted;
  private final ObservedInstrument dropped;
  private final ObservedInstrument rejected;
  private final ObservedInstrument processed;
  private final ObservedInstrument handlerErrors;
  private final ObservedInstrument pending;
  private final ObservedInstrument recorders;

  RuntimeInstruments(InstrumentRegistry registry, String namespace) {
    this.attributes = Attributes.of(NAMESPACE, namespace);
    accepted = define(registry, "mvx.runtime.events.accepted", ValueKind.COUNTER, "{event}",
        "Events taken into a recorder queue");
    dropped = define(registry, "mvx.runtime.events.dropped", ValueKind.COUNTER, "{event}",
        "Events refused because a recorder queue was full");
    rejected = define(registry, "mvx.runtime.events.rejected", ValueKind.COUNTER, "{event}",
        "Events refused because their recorder was not running");
    processed = define(registry, "mvx.runtime.events.processed", ValueKind.COUNTER, "{event}",
        "Accepted events delivered to every metric of their recorder");
    handlerErrors = define(registry, "mvx.runtime.handler.errors", ValueKind.COUNTER, "{error}",
        "Exceptions thrown by metrics, snapshots and listeners");
    pending = define(registry, "mvx.runtime.events.pending", ValueKind.GAUGE, "{event}",
        "Accepted events not yet processed");
    recorders = define(registry, "mvx.runtime.recorders", ValueKind.GAUGE, "{recorder}",
        "Recorders registered in the runtime");
  }

  /** Adds the statistics to plan {@code epoch}. */
  void fill(RuntimeStats stats, long epoch) {
    add(accepted, stats.accepted(), epoch);
    add(dropped, stats.dropped(), epoch);
    add(rejected, stats.rejected(), epoch);
    add(processed, stats.processed(), epoch);
    add(handlerErrors, stats.handlerErrors(), epoch);
    add(pending, stats.pending(), epoch);
    add(recorders, stats.recorders(), epoch);
  }

  private void add(ObservedInstrument instrument, long value, long epoch) {
    if (instrument != null) {
      instrument.add(epoch, value, attributes);
    }
  }

  private static ObservedInstrument define(
      InstrumentRegistry registry, String name, ValueKind kind, String unit, String description) {
    return registry.runtimeStatistic(name, kind, unit, description);
  }
}
