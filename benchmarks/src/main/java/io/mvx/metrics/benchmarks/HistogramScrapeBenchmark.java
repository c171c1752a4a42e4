package io.mvx.metrics.benchmarks;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.prometheus.MvxCollector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Scrape of histograms: the Prometheus text exposition (format 0.0.4) of {@code series} histogram
 * series with the ten bounds of {@link Saves#BOUNDS} (eleven {@code _bucket} samples with {@code +Inf}, then
 * {@code _count} and {@code _sum}), written to a reused Writer that discards the text and counts it, as
 * {@link ScrapeBenchmark} does for counters.
 * <ul>
 *   <li>{@code mvx}: one recorder per entity with one {@link LatencyMetric}, exported by {@link MvxCollector}
 *       (one runtime snapshot per scrape) and {@code TextFormat.write004};
 *   <li>{@code simpleclient}: one {@code Histogram} labelled {@code recorder}, one child per entity, written
 *       by the same {@code TextFormat.write004};
 *   <li>{@code micrometer}: one {@code Timer} per entity (tag {@code recorder}) with the bounds as service
 *       level objectives in Micrometer's {@code PrometheusMeterRegistry} (simpleclient flavour),
 *       {@code scrape(Writer)}. A Micrometer timer also writes a {@code _max} gauge family: part of what a
 *       Micrometer user's scrape costs, so it stays in.
 * </ul>
 * Every series starts with {@value #OBSERVATIONS} observations of the precomputed durations.
 *
 * <p>Set-up scrapes the measured library once and checks that its histogram family has exactly
 * {@code series} x 11 {@code _bucket} samples, {@code series} {@code _count} and {@code series} {@code _sum}
 * samples (strict: an exporter that writes a histogram as anything else fails the trial).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Threads(1)
@State(Scope.Benchmark)
public class HistogramScrapeBenchmark {

  static final String NAMESPACE = "bench";
  static final String FAMILY = LatencyMetric.family(NAMESPACE);
  static final int OBSERVATIONS = 20;

  @Param({"10000"})
  int series;

  MetricsRuntime runtime;
  CollectorRegistry mvxRegistry;
  CollectorRegistry simpleRegistry;

  @SuppressWarnings("deprecation") // Micrometer's simpleclient flavour, see the module pom
  PrometheusMeterRegistry micrometerRegistry;

  final CountingWriter writer = new CountingWriter();

  @Setup(Level.Trial)
  @SuppressWarnings("deprecation")
  public void setUp(BenchmarkParams params) throws IOException {
    Library library = Library.of(params);
    runtime = Mvx.runtime(NAMESPACE);
    mvxRegistry = new CollectorRegistry();
    simpleRegistry = new CollectorRegistry();
    micrometerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    switch (library) {
      case MVX -> {
        for (int s = 0; s < series; s++) {
          runtime.createRecorder(id(s)).registerMetric(new LatencyMetric(s, OBSERVATIONS));
        }
        new MvxCollector(runtime).register(mvxRegistry);
        StringWriter text = new StringWriter();
        TextFormat.write004(text, mvxRegistry.metricFamilySamples());
        check("mvx", text.toString());
      }
      case SIMPLECLIENT -> {
        Histogram histogram = Histogram.build(FAMILY, "connection latency").labelNames("recorder")
            .buckets(Saves.BOUNDS).register(simpleRegistry);
        for (int s = 0; s < series; s++) {
          Histogram.Child child = histogram.labels(id(s));
          for (int i = 0; i < OBSERVATIONS; i++) {
            child.observe(Saves.SECONDS[(s + i) & Saves.MASK]);
          }
        }
        StringWriter text = new StringWriter();
        TextFormat.write004(text, simpleRegistry.metricFamilySamples());
        check("simpleclient", text.toString());
      }
      case MICROMETER -> {
        Duration[] slos = Saves.boundsAsDurations();
        for (int s = 0; s < series; s++) {
          Timer timer = Timer.builder(NAMESPACE + ".conn.latency.duration").description("connection latency")
              .tag("recorder", id(s)).serviceLevelObjectives(slos).register(micrometerRegistry);
          for (int i = 0; i < OBSERVATIONS; i++) {
            timer.record(Saves.NANOS[(s + i) & Saves.MASK], TimeUnit.NANOSECONDS);
          }
        }
        check("micrometer", micrometerRegistry.scrape());
      }
      default -> throw new IllegalStateException(library + ": not a scrape peer");
    }
  }

  private void check(String library, String text) {
    long buckets = text.lines().filter(line -> line.startsWith(FAMILY + "_bucket{")).count();
    long counts = text.lines().filter(line -> line.startsWith(FAMILY + "_count{")).count();
    long sums = text.lines().filter(line -> line.startsWith(FAMILY + "_sum{")).count();
    Check.equal(library + ": " + FAMILY + "_bucket samples", (long) series * (Saves.BOUNDS.length + 1), buckets);
    Check.equal(library + ": " + FAMILY + "_count samples", series, counts);
    Check.equal(library + ": " + FAMILY + "_sum samples", series, sums);
    System.out.println(library + ": " + series + " histogram series, " + text.length() + " characters per scrape");
  }

  private static String id(int series) {
    return "connection-" + series;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    runtime.close();
    micrometerRegistry.close();
  }

  @Benchmark
  @Measures(Library.MVX)
  public long mvx() throws IOException {
    TextFormat.write004(writer, mvxRegistry.metricFamilySamples());
    return writer.takeChars();
  }

  @Benchmark
  @Measures(Library.SIMPLECLIENT)
  public long simpleclient() throws IOException {
    TextFormat.write004(writer, simpleRegistry.metricFamilySamples());
    return writer.takeChars();
  }

  @Benchmark
  @Measures(Library.MICROMETER)
  public long micrometer() throws IOException {
    micrometerRegistry.scrape(writer);
    return writer.takeChars();
  }
}
