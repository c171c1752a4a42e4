package io.mvx.metrics.micrometer;

import io.mvx.metrics.internal.ThrottledLog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The runtime's own statistics as {@code mvx.runtime.*} meters tagged {@code namespace}: event counts and
 * handler errors as function counters, pending events and registered recorders as gauges. They read the
 * statistics of the memoised snapshot, so reading them also keeps the meter set fresh.
 */
final class RuntimeMeters {

  private RuntimeMeters() {}

  /** Registers the runtime meters of {@code set} in {@code registry}; returns the ones registered. */
  static List<Meter> register(MeterRegistry registry, MeterSet set, ThrottledLog log) {
    Tags tags = Tags.of("namespace", set.namespace());
    List<Meter> meters = new ArrayList<>(7);
    Registrar registrar = new Registrar(registry, set, tags, meters, log);
    registrar.counter("mvx.runtime.events.accepted", "Events taken into a recorder queue",
        RuntimeStats::accepted);
    registrar.counter("mvx.runtime.events.dropped", "Events refused because a queue was full",
        RuntimeStats::dropped);
    registrar.counter("mvx.runtime.events.rejected", "Events refused because their recorder was not running",
        RuntimeStats::rejected);
    registrar.counter("mvx.runtime.events.processed", "Accepted events delivered to every metric of their recorder",
        RuntimeStats::processed);
    registrar.counter("mvx.runtime.handler.errors", "Exceptions thrown by metrics, snapshots and listeners",
        RuntimeStats::handlerErrors);
    registrar.gauge("mvx.runtime.events.pending", "Accepted events not yet processed", RuntimeStats::pending);
    registrar.gauge("mvx.runtime.recorders", "Recorders registered in the runtime", RuntimeStats::recorders);
    return meters;
  }

  private record Registrar(
      MeterRegistry registry, MeterSet set, Tags tags, List<Meter> meters, ThrottledLog log) {

    void counter(String name, String description, ToLongFunction<RuntimeStats> count) {
      add(name, () -> FunctionCounter.builder(name, set, s -> count.applyAsLong(s.stats()))
          .tags(tags)
          .description(description)
          .register(registry));
    }

    void gauge(String name, String description, ToLongFunction<RuntimeStats> value) {
      add(name, () -> Gauge.builder(name, set, s -> value.applyAsLong(s.stats()))
          .tags(tags)
          .description(description)
          .strongReference(true)
          .register(registry));
    }

    private void add(String name, Supplier<Meter> registration) {
      try {
        meters.add(registration.get());
      } catch (RuntimeException e) {
        log.warn("register", "could not register " + name + " in " + registry.getClass().getSimpleName()
            + "; it is not exported there", e);
      }
    }
  }
}
