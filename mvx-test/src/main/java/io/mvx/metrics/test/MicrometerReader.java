package io.mvx.metrics.test;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/** The meters of a Micrometer registry, read back with the Micrometer names. */
public final class MicrometerReader implements SeriesReader {

  private final String namespace;
  private final MeterRegistry registry;

  /**
   * Reads {@code registry}. The binder brings its meter set up to date when one of its meters is read, so
   * this reads the runtime gauge first, as any collection would.
   *
   * @param namespace the runtime's namespace
   * @param registry the registry
   */
  public MicrometerReader(String namespace, MeterRegistry registry) {
    this.namespace = namespace;
    this.registry = registry;
    Gauge recorders = registry.find("mvx.runtime.recorders").tag("namespace", namespace).gauge();
    if (recorders != null) {
      recorders.value();
    }
  }

  /**
   * The meter name of a value: {@code N.M.D}, a counter's without a trailing {@code _total}/{@code .total}.
   *
   * @param namespace the runtime's namespace
   * @param metricName the metric name
   * @param value the value
   * @return the meter name
   */
  public static String meterName(String namespace, String metricName, MetricValue value) {
    String name = namespace + "." + metricName + "." + value.dimension();
    return value.kind() == ValueKind.COUNTER ? name.replaceAll("(?:[._]total)+$", "") : name;
  }

  @Override
  public OptionalDouble value(String recorderId, MetricSnapshot metric, MetricValue value) {
    Map<String, String> tags = new HashMap<>(value.labels());
    tags.put("recorder", recorderId);
    if (value.kind() == ValueKind.HISTOGRAM) {
      return histogram(recorderId, metric, value).map(h -> OptionalDouble.of(h.count())).orElse(OptionalDouble.empty());
    }
    Meter meter = meter(meterName(namespace, metric.name(), value), tags);
    if (value.kind() == ValueKind.COUNTER) {
      return meter instanceof FunctionCounter counter ? OptionalDouble.of(counter.count()) : OptionalDouble.empty();
    }
    return meter instanceof Gauge gauge ? OptionalDouble.of(gauge.value()) : OptionalDouble.empty();
  }

  /**
   * A time-unit histogram's {@code FunctionTimer} {@code N.M.D} (the total time in the snapshot's unit), or
   * the {@code FunctionCounter}s {@code N.M.D.count} and {@code N.M.D.sum}; never buckets.
   */
  @Override
  public Optional<ExportedHistogram> histogram(String recorderId, MetricSnapshot metric, MetricValue value) {
    Map<String, String> tags = new HashMap<>(value.labels());
    tags.put("recorder", recorderId);
    String name = meterName(namespace, metric.name(), value);
    TimeUnit unit = timeUnit(metric.unit());
    if (unit != null) {
      return meter(name, tags) instanceof FunctionTimer timer
          ? Optional.of(ExportedHistogram.countAndSum((long) timer.count(), timer.totalTime(unit)))
          : Optional.empty();
    }
    if (meter(name + ".count", tags) instanceof FunctionCounter count
        && meter(name + ".sum", tags) instanceof FunctionCounter sum) {
      return Optional.of(ExportedHistogram.countAndSum((long) count.count(), sum.count()));
    }
    return Optional.empty();
  }

  private static TimeUnit timeUnit(String ucum) {
    return switch (ucum) {
      case "ns" -> TimeUnit.NANOSECONDS;
      case "us" -> TimeUnit.MICROSECONDS;
      case "ms" -> TimeUnit.MILLISECONDS;
      case "s" -> TimeUnit.SECONDS;
      case "min" -> TimeUnit.MINUTES;
      case "h" -> TimeUnit.HOURS;
      case "d" -> TimeUnit.DAYS;
      default -> null;
    };
  }

  @Override
  public OptionalDouble runtimeStat(String stat) {
    String name = switch (stat) {
      case "handler_errors" -> "mvx.runtime.handler.errors";
      case "recorders" -> "mvx.runtime.recorders";
      default -> "mvx.runtime.events." + stat;
    };
    return read(meter(name, Map.of("namespace", namespace)));
  }

  @Override
  public OptionalDouble skipped(String reason) {
    return read(meter("mvx.runtime.collector.skipped", Map.of("namespace", namespace, "reason", reason)));
  }

  @Override
  public long seriesOf(String recorderId) {
    return registry.getMeters().stream().filter(m -> recorderId.equals(m.getId().getTag("recorder"))).count();
  }

  /**
   * The meter with exactly this name and these tags (the {@code recorder} tag included), or null.
   *
   * @param name the meter name
   * @param tags all of its tags
   * @return the meter, or null
   */
  public Meter meter(String name, Map<String, String> tags) {
    for (Meter meter : registry.getMeters()) {
      if (meter.getId().getName().equals(name) && tagsOf(meter).equals(tags)) {
        return meter;
      }
    }
    return null;
  }

  /**
   * The value of a function counter or gauge (a function timer's count).
   *
   * @param meter a meter, or null
   * @return its value, or empty for null
   */
  public static OptionalDouble read(Meter meter) {
    if (meter instanceof FunctionTimer timer) {
      return OptionalDouble.of(timer.count());
    }
    if (meter instanceof FunctionCounter counter) {
      return OptionalDouble.of(counter.count());
    }
    if (meter instanceof Gauge gauge) {
      return OptionalDouble.of(gauge.value());
    }
    if (meter == null) {
      return OptionalDouble.empty();
    }
    throw new AssertionError(meter.getId() + " is neither a FunctionCounter nor a Gauge");
  }

  /**
   * Reads every meter of the registry, as a registry publishing them would.
   *
   * @param gaugesMayBeNaN whether a gauge may read NaN (a metric legitimately reports one)
   * @return the number of meters read
   * @throws AssertionError when a meter reads NaN (meters never read NaN by garbage collection)
   */
  public int readAll(boolean gaugesMayBeNaN) {
    List<Meter> meters = registry.getMeters();
    for (Meter meter : meters) {
      for (Measurement measurement : meter.measure()) {
        if (Double.isNaN(measurement.getValue()) && !(gaugesMayBeNaN && meter instanceof Gauge)) {
          throw new AssertionError(meter.getId() + " read NaN");
        }
      }
    }
    return meters.size();
  }

  /**
   * The ids of every recorder that has a meter, once per meter.
   *
   * @return the recorder ids
   */
  public List<String> recorders() {
    List<String> ids = new ArrayList<>();
    for (Meter meter : registry.getMeters()) {
      String id = meter.getId().getTag("recorder");
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }

  /**
   * A meter's tags as a map.
   *
   * @param meter the meter
   * @return its tags
   */
  public static Map<String, String> tagsOf(Meter meter) {
    Map<String, String> tags = new HashMap<>();
    for (Tag tag : meter.getId().getTags()) {
      tags.put(tag.getKey(), tag.getValue());
    }
    return tags;
  }
}
