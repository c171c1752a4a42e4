package io.mvx.metrics.benchmarks;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.prometheus.MvxCollector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
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

/**
 * Benchmark 4, scrape: the Prometheus text exposition (format 0.0.4) of {@code series} series, written to
 * a reused Writer that discards the text and counts its characters.
 *
 * <p>The series are {@code series / 10} connections with {@value SeriesMetric#VALUES} counters each, the
 * same names, labels and values in every library:
 * <ul>
 *   <li>{@code mvx}: one recorder per connection with one {@link SeriesMetric}, exported by
 *       {@link MvxCollector} (one runtime snapshot per scrape) and {@code TextFormat.write004};
 *   <li>{@code simpleclient}: ten native simpleclient counters labelled {@code recorder}, one child per
 *       connection, written by the same {@code TextFormat.write004};
 *   <li>{@code micrometer}: the same counters in Micrometer's {@code PrometheusMeterRegistry}
 *       (simpleclient flavour), {@code scrape(Writer)}, which is {@code scrape()} without building the
 *       String.
 * </ul>
 *
 * <p>simpleclient writes a {@code _created} sample next to every counter sample unless the environment
 * variable {@code PROMETHEUS_DISABLE_CREATED_SERIES=true} is set (benchmarks/run.sh sets it): with it, all
 * three write the same samples, which set-up checks.
 *
 * <p>Set-up scrapes each library once into a String and checks that it has exactly {@code series} sample
 * lines of these families; the character counts per scrape are printed. Bytes allocated per scrape come
 * from {@code -prof gc} (all threads, so MVX's snapshot on its processing thread is included).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Threads(1)
@State(Scope.Benchmark)
public class ScrapeBenchmark {

  static final String NAMESPACE = "bench";
  static final String FAMILY_PREFIX = NAMESPACE + "_" + SeriesMetric.NAME + "_d";

  @Param({"1000", "10000", "100000"})
  int series;

  MetricsRuntime runtime;
  CollectorRegistry mvxRegistry;
  CollectorRegistry simpleRegistry;

  @SuppressWarnings("deprecation") // Micrometer's simpleclient flavour, see the module pom
  PrometheusMeterRegistry micrometerRegistry;

  final CountingWriter writer = new CountingWriter();

  @Setup(Level.Trial)
  @SuppressWarnings("deprecation")
  public void setUp() throws IOException {
    int connections = series / SeriesMetric.VALUES;
    runtime = Mvx.runtime(NAMESPACE);
    for (int c = 0; c < connections; c++) {
      RuntimeRecorder recorder = runtime.createRecorder(id(c));
      recorder.registerMetric(new SeriesMetric(base(c)));
    }
    mvxRegistry = new CollectorRegistry();
    new MvxCollector(runtime).register(mvxRegistry);

    simpleRegistry = new CollectorRegistry();
    Counter[] counters = new Counter[SeriesMetric.VALUES];
    for (int d = 0; d < SeriesMetric.VALUES; d++) {
      counters[d] = Counter.build(FAMILY_PREFIX + d, "connection counters").labelNames("recorder")
          .register(simpleRegistry);
    }
    micrometerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    for (int c = 0; c < connections; c++) {
      String id = id(c);
      for (int d = 0; d < SeriesMetric.VALUES; d++) {
        counters[d].labels(id).inc(base(c) + d);
        io.micrometer.core.instrument.Counter.builder(NAMESPACE + "." + SeriesMetric.NAME + ".d" + d)
            .description("connection counters").tag("recorder", id).register(micrometerRegistry)
            .increment(base(c) + d);
      }
    }

    StringWriter text = new StringWriter();
    mvx();
    TextFormat.write004(text, mvxRegistry.metricFamilySamples());
    check("mvx", text.toString());
    text = new StringWriter();
    TextFormat.write004(text, simpleRegistry.metricFamilySamples());
    check("simpleclient", text.toString());
    check("micrometer", micrometerRegistry.scrape());
  }

  private void check(String library, String text) {
    Check.isTrue(!text.contains("_created{"), library + " writes _created samples: set the environment variable"
        + " PROMETHEUS_DISABLE_CREATED_SERIES=true (benchmarks/run.sh does) so every library writes the same series");
    long samples = text.lines().filter(line -> line.startsWith(FAMILY_PREFIX)).count();
    Check.equal(library + ": sample lines of " + FAMILY_PREFIX + "*", series, samples);
    System.out.println(library + ": " + series + " series, " + text.length() + " characters per scrape");
  }

  private static String id(int connection) {
    return "connection-" + connection;
  }

  private static long base(int connection) {
    return 1000L * connection;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    runtime.close();
    micrometerRegistry.close();
  }

  @Benchmark
  public long mvx() throws IOException {
    TextFormat.write004(writer, mvxRegistry.metricFamilySamples());
    return writer.takeChars();
  }

  @Benchmark
  public long simpleclient() throws IOException {
    TextFormat.write004(writer, simpleRegistry.metricFamilySamples());
    return writer.takeChars();
  }

  @Benchmark
  public long micrometer() throws IOException {
    micrometerRegistry.scrape(writer);
    return writer.takeChars();
  }
}
