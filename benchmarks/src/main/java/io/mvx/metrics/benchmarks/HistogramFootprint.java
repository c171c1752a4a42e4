package io.mvx.metrics.benchmarks;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.prometheus.MvxCollector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Histogram;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The histogram mode of {@link MemoryFootprint}: each series is a histogram with the ten bounds of
 * {@link Saves#BOUNDS} and one observation, and a scrape must show it as a histogram (its {@code _count}
 * sample is what is counted).
 * <ul>
 *   <li>{@code mvx}: one {@code RuntimeRecorder} per entity with one {@link LatencyMetric}, exported by
 *       {@link MvxCollector};
 *   <li>{@code simpleclient}: one {@code Histogram} labelled {@code connection}, one child per entity;
 *   <li>{@code micrometer} (for information): one {@code Timer} per entity with the bounds as service level
 *       objectives in a {@code PrometheusMeterRegistry} (simpleclient flavour).
 * </ul>
 */
final class HistogramFootprint {

  static final List<String> LIBRARIES = List.of("mvx", "simpleclient", "micrometer");

  private static final String FAMILY = LatencyMetric.family("footprint");

  private HistogramFootprint() {}

  static MemoryFootprint.Setup setup(String library) {
    return switch (library) {
      case "mvx" -> new MvxSetup();
      case "simpleclient" -> new SimpleclientSetup();
      case "micrometer" -> new MicrometerSetup();
      default -> throw new IllegalArgumentException(library + ": unknown library, expected one of " + LIBRARIES);
    };
  }

  private static final class MvxSetup implements MemoryFootprint.Setup {
    final MetricsRuntime runtime = Mvx.runtime("footprint");
    final CollectorRegistry registry = new CollectorRegistry();
    int added;

    MvxSetup() {
      new MvxCollector(runtime).register(registry);
    }

    @Override
    public void add(String id) {
      RuntimeRecorder recorder = runtime.createRecorder(id);
      recorder.registerMetric(new LatencyMetric(added++, 1));
    }

    @Override
    public long scrapeAndCount() throws IOException {
      return MemoryFootprint.countSamples(registry, FAMILY + "_count{");
    }

    @Override
    public void close() {
      runtime.close();
    }
  }

  private static final class SimpleclientSetup implements MemoryFootprint.Setup {
    final CollectorRegistry registry = new CollectorRegistry();
    final Histogram histogram = Histogram.build(FAMILY, "connection latency").labelNames("connection")
        .buckets(Saves.BOUNDS).register(registry);
    int added;

    @Override
    public void add(String id) {
      histogram.labels(id).observe(Saves.SECONDS[added++ & Saves.MASK]);
    }

    @Override
    public long scrapeAndCount() throws IOException {
      return MemoryFootprint.countSamples(registry, FAMILY + "_count{");
    }
  }

  @SuppressWarnings("deprecation") // Micrometer's simpleclient flavour, see the module pom
  private static final class MicrometerSetup implements MemoryFootprint.Setup {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Duration[] slos = Saves.boundsAsDurations();
    int added;

    @Override
    public void add(String id) {
      Timer.builder("footprint.conn.latency.duration").tag("connection", id).serviceLevelObjectives(slos)
          .register(registry).record(Saves.NANOS[added++ & Saves.MASK], TimeUnit.NANOSECONDS);
    }

    @Override
    public long scrapeAndCount() {
      return registry.scrape().lines().filter(line -> line.startsWith(FAMILY + "_count{")).count();
    }

    @Override
    public void close() {
      registry.close();
    }
  }
}
