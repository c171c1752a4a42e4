package io.mvx.metrics.benchmarks;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.prometheus.metrics.MvxMultiCollector;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * The scrape of the client_java 1.x exporter: {@code series} series written as Prometheus text (format
 * 0.0.4) by client_java 1.x's own {@link PrometheusTextFormatWriter}, into a reused stream that discards the
 * bytes and counts them, the way its HTTP server writes a scrape (registry scrape, then the writer).
 *
 * <p>The series are {@code series / 10} connections with {@value SeriesMetric#VALUES} counters each, the
 * same names, labels, HELP and values in both:
 * <ul>
 *   <li>{@code mvx}: one recorder per connection with one {@link SeriesMetric}, exported by
 *       {@link MvxMultiCollector} (one runtime snapshot per scrape);
 *   <li>{@code prometheusMetrics}: ten client_java 1.x {@link Counter}s labelled {@code recorder}, one data
 *       point per connection.
 * </ul>
 *
 * <p>Set-up scrapes both once and checks strictly that each writes exactly {@code series} sample lines of
 * these families and that the lines are the same; the bytes per scrape are printed. Bytes allocated per scrape
 * come from {@code -prof gc} (all threads, so MVX's snapshot on its processing thread is included).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Threads(1)
@State(Scope.Benchmark)
public class ScrapePrometheusMetricsBenchmark {

  static final String NAMESPACE = "bench";
  static final String FAMILY_PREFIX = NAMESPACE + "_" + SeriesMetric.NAME + "_d";

  @Param({"100000"})
  int series;

  MetricsRuntime runtime;
  PrometheusRegistry mvxRegistry;
  PrometheusRegistry clientRegistry;

  final PrometheusTextFormatWriter textWriter = PrometheusTextFormatWriter.create();
  final CountingStream out = new CountingStream();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    int connections = series / SeriesMetric.VALUES;
    runtime = Mvx.runtime(NAMESPACE);
    for (int c = 0; c < connections; c++) {
      RuntimeRecorder recorder = runtime.createRecorder(id(c));
      recorder.registerMetric(new SeriesMetric(base(c)));
    }
    mvxRegistry = new PrometheusRegistry();
    mvxRegistry.register(new MvxMultiCollector(runtime));

    clientRegistry = new PrometheusRegistry();
    for (int d = 0; d < SeriesMetric.VALUES; d++) {
      Counter counter = Counter.builder().name(FAMILY_PREFIX + d).help("connection counters")
          .labelNames("recorder").register(clientRegistry);
      for (int c = 0; c < connections; c++) {
        counter.labelValues(id(c)).inc(base(c) + d);
      }
    }

    List<String> mvxLines = check("mvx", text(mvxRegistry));
    List<String> clientLines = check("prometheus-metrics", text(clientRegistry));
    Check.isTrue(mvxLines.equals(clientLines), "mvx and client_java 1.x write different sample lines");
  }

  private String text(PrometheusRegistry registry) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    textWriter.write(bytes, registry.scrape());
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private List<String> check(String library, String text) {
    Check.isTrue(!text.contains("_created{"), library + " writes _created samples");
    List<String> samples = text.lines().filter(line -> line.startsWith(FAMILY_PREFIX)).sorted().toList();
    Check.equal(library + ": sample lines of " + FAMILY_PREFIX + "*", series, samples.size());
    System.out.println(library + ": " + series + " series, "
        + text.getBytes(StandardCharsets.UTF_8).length + " bytes per scrape");
    return samples;
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
  }

  @Benchmark
  @Measures(Library.MVX)
  public long mvx() throws IOException {
    textWriter.write(out, mvxRegistry.scrape());
    return out.takeBytes();
  }

  @Benchmark
  @Measures(Library.PROMETHEUS_METRICS)
  public long prometheusMetrics() throws IOException {
    textWriter.write(out, clientRegistry.scrape());
    return out.takeBytes();
  }

  /** A reused stream that discards what a scrape writes and only counts the bytes. */
  static final class CountingStream extends OutputStream {
    private long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
      bytes += length;
    }

    /** Bytes written since the last call, then starts counting again. */
    long takeBytes() {
      long taken = bytes;
      bytes = 0;
      return taken;
    }
  }
}
