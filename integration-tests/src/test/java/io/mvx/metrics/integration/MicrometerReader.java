package io.mvx.metrics.integration;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** The meters of a registry, read back with API.md §5's Micrometer names. */
final class MicrometerReader implements SeriesReader {

  private final String namespace;
  private final MeterRegistry registry;

  /**
   * Reads {@code registry}. The binder brings its meter set up to date when one of its meters is read,
   * so this reads the runtime gauge first, as any collection would.
   */
  MicrometerReader(String namespace, MeterRegistry registry) {
    this.namespace = namespace;
    this.registry = registry;
    Gauge recorders = registry.find("mvx.runtime.recorders").tag("namespace", namespace).gauge();
    if (recorders != null) {
      recorders.value();
    }
  }

  @Override
  public OptionalDouble value(String recorderId, String metricName, MetricValue value) {
    List<Tag> tags = new ArrayList<>(List.of(Tag.of("recorder", recorderId)));
    value.labels().forEach((k, v) -> tags.add(Tag.of(k, v)));
    String name = namespace + "." + metricName + "." + value.dimension();
    Meter meter = registry.find(name).tags(tags).meter();
    if (meter == null || meter.getId().getTags().size() != tags.size()) {
      return OptionalDouble.empty();
    }
    if (value.kind() == ValueKind.COUNTER) {
      return meter instanceof FunctionCounter counter ? OptionalDouble.of(counter.count()) : OptionalDouble.empty();
    }
    return meter instanceof Gauge gauge ? OptionalDouble.of(gauge.value()) : OptionalDouble.empty();
  }

  @Override
  public OptionalDouble runtimeStat(String stat) {
    String name = switch (stat) {
      case "handler_errors" -> "mvx.runtime.handler.errors";
      case "recorders" -> "mvx.runtime.recorders";
      default -> "mvx.runtime.events." + stat;
    };
    Meter meter = registry.find(name).tag("namespace", namespace).meter();
    if (meter instanceof FunctionCounter counter) {
      return OptionalDouble.of(counter.count());
    }
    if (meter instanceof Gauge gauge) {
      return OptionalDouble.of(gauge.value());
    }
    return OptionalDouble.empty();
  }

  /** How many meters carry {@code recorder=recorderId}. */
  long seriesOf(String recorderId) {
    return registry.getMeters().stream().filter(m -> recorderId.equals(m.getId().getTag("recorder"))).count();
  }
}
