package io.mvx.metrics.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import java.util.List;
import java.util.stream.Collectors;

/** What a collection does with a registry, for the tests. */
final class Scrapes {

  private Scrapes() {}

  /** Reads every meter of {@code registry} once, as a scrape or a publish would. */
  static void scrape(MeterRegistry registry) {
    for (Meter meter : registry.getMeters()) {
      for (Measurement measurement : meter.measure()) {
        measurement.getValue();
      }
    }
  }

  /** The names of the meters whose tag {@code recorder} is {@code recorderId}, sorted. */
  static List<String> meterNames(MeterRegistry registry, String recorderId) {
    return registry.getMeters().stream()
        .filter(meter -> recorderId.equals(meter.getId().getTag("recorder")))
        .map(meter -> meter.getId().getName())
        .sorted()
        .collect(Collectors.toList());
  }
}
