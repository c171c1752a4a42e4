package io.mvx.metrics.benchmarks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.prometheus.MvxCollector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A connection's lifecycle with 100,000 entities held: create the connection's recorder, register its
 * counter, count one event, remove the recorder ({@code mvx}); register a tagged counter, increment it,
 * remove it from the registry ({@code micrometer}, a {@code PrometheusMeterRegistry}). Sampled per operation
 * (p50, p99.9, max), idle ({@code idle}) and while a second thread scrapes all 100,000 series back to back
 * through the library's own Prometheus exposition ({@code underScrape}: {@code MvxCollector} into simpleclient's
 * text format, or {@code PrometheusMeterRegistry.scrape()}).
 *
 * <p>Default runtime settings, but {@code maxRecorders}: {@code 100,001}, room for the held entities and the
 * connection in flight (the default, 100,000, would refuse it). A trial whose runtime dropped an event fails
 * instead of reporting; each trial checks that every lifecycle counted its event.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Group)
@SuppressWarnings("deprecation") // Micrometer's simpleclient flavour, see the module pom
public class EntityLifecycleBenchmark {

  static final int HELD = 100_000;

  @Param({"mvx", "micrometer"})
  public String library;

  private MetricsRuntime runtime;
  private CollectorRegistry mvxScrape;
  private PrometheusMeterRegistry registry;
  private final CountingWriter writer = new CountingWriter();
  private long next;
  private long lifecycles;

  @Setup(Level.Trial)
  public void setUp() {
    if (library.equals("mvx")) {
      // the one setting changed: room for the held entities plus the connection in flight
      runtime = MetricsRuntime.builder("bench").maxRecorders(HELD + 1).build();
      runtime.start();
      for (int i = 0; i < HELD; i++) {
        RuntimeRecorder recorder = runtime.createRecorder("held-" + i);
        recorder.registerMetric(new CounterMetric());
        recorder.registerEvent(CountEvent.INSTANCE);
      }
      mvxScrape = new CollectorRegistry();
      new MvxCollector(runtime).register(mvxScrape);
    } else {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      for (int i = 0; i < HELD; i++) {
        Counter.builder("bench.connection.events").tag("connection", "held-" + i).register(registry).increment();
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (runtime != null) {
      runtime.shutdown();
      Check.equal("dropped events", 0, runtime.stats().dropped());
      Check.equal("processed events", HELD + lifecycles, runtime.stats().processed());
    } else {
      registry.close();
    }
  }

  @Benchmark
  @Group("idle")
  public Object lifecycle() {
    return oneLifecycle();
  }

  @Benchmark
  @Group("underScrape")
  @GroupThreads(1)
  public Object lifecycleWhileScraping() {
    return oneLifecycle();
  }

  @Benchmark
  @Group("underScrape")
  @GroupThreads(1)
  public long scrape() throws IOException {
    if (runtime != null) {
      TextFormat.write004(writer, mvxScrape.metricFamilySamples());
    } else {
      writer.write(registry.scrape());
    }
    return writer.takeChars();
  }

  private Object oneLifecycle() {
    String id = "connection-" + next++;
    lifecycles++;
    if (runtime != null) {
      RuntimeRecorder recorder = runtime.createRecorder(id);
      recorder.registerMetric(new CounterMetric());
      recorder.registerEvent(CountEvent.INSTANCE);
      return runtime.stopAndRemoveRecorder(id);
    }
    Counter counter = Counter.builder("bench.connection.events").tag("connection", id).register(registry);
    counter.increment();
    return registry.remove(counter);
  }
}
