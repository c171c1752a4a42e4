package io.mvx.metrics.benchmarks;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Benchmark 1, emit pre-bound: the cost of counting one event on an instrument the caller already holds.
 *
 * <ul>
 *   <li>{@code mvx}: {@code recorder.registerEvent(event)} with one immutable event reused;
 *   <li>{@code micrometer}: {@code Counter.increment()} of a counter registered once in a
 *       {@code PrometheusMeterRegistry};
 *   <li>{@code otel}: SDK {@code LongCounter.add(1, attributes)} with attributes built once;
 *   <li>{@code simpleclient}: {@code Counter.Child.inc()} of a child looked up once.
 * </ul>
 *
 * <p>Method suffix {@code _t1} / {@code _t2} / {@code _t4}: one, two or four producer threads on the same instrument;
 * {@code _busy}: two threads on two instruments, the measured one and {@code _busyOther}. MVX runs with its
 * default settings; every iteration ends by draining it, and the trial checks that nothing was dropped (a drop is cheaper than an accept, so a run that drops would
 * flatter MVX) and fails instead of reporting such a number. The trial also checks the library's total
 * against the number of calls made.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class EmitPreboundBenchmark {

  MetricsRuntime runtime;
  RuntimeRecorder recorder;
  final CounterMetric metric = new CounterMetric();
  /** The second producer's recorder in the busy variant. */
  RuntimeRecorder otherRecorder;
  final CounterMetric otherMetric = new CounterMetric();

  @SuppressWarnings("deprecation") // Micrometer's simpleclient flavour, see the module pom
  PrometheusMeterRegistry micrometerRegistry;
  io.micrometer.core.instrument.Counter micrometerCounter;
  io.micrometer.core.instrument.Counter micrometerOtherCounter;

  SdkMeterProvider otelProvider;
  Otel otel;
  LongCounter otelCounter;
  Attributes otelAttributes;

  Counter simpleCounter;
  Counter.Child simpleChild;

  final Queue<Calls> threads = new ConcurrentLinkedQueue<>();

  /** Calls one benchmark thread made; the iteration check compares the libraries' totals with the sum. */
  @State(Scope.Thread)
  public static class Calls {
    long n;

    @Setup(Level.Trial)
    public void join(EmitPreboundBenchmark benchmark) {
      benchmark.threads.add(this);
    }
  }

  @Setup(Level.Trial)
  @SuppressWarnings("deprecation")
  public void setUp() {
    runtime = Mvx.runtime("bench.emit");
    recorder = runtime.createRecorder("storage");
    recorder.registerMetric(metric);
    otherRecorder = runtime.createRecorder("other");
    otherRecorder.registerMetric(otherMetric);

    micrometerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    micrometerCounter = io.micrometer.core.instrument.Counter.builder("bench.events")
        .tag("component", "storage").register(micrometerRegistry);
    micrometerOtherCounter = io.micrometer.core.instrument.Counter.builder("bench.events")
        .tag("component", "other").register(micrometerRegistry);

    otel = Otel.create();
    otelProvider = otel.provider();
    otelCounter = otelProvider.get("bench").counterBuilder("bench.events").build();
    otelAttributes = Attributes.of(AttributeKey.stringKey("component"), "storage");

    simpleCounter = Counter.build("bench_events", "events").labelNames("component")
        .register(new CollectorRegistry());
    simpleChild = simpleCounter.labels("storage");
  }

  /** Lets the processing thread catch up, so no iteration starts with the previous one's backlog. */
  @TearDown(Level.Iteration)
  public void drain() {
    recorder.getMetricSnapshots(); // read-your-writes: returns once every earlier event is processed
  }

  /** Checks that each library counted exactly the calls made, and for MVX that nothing was dropped. */
  @TearDown(Level.Trial)
  @SuppressWarnings("deprecation")
  public void verifyAndClose(BenchmarkParams params) {
    try {
      long calls = 0;
      for (Calls thread : threads) {
        calls += thread.n;
      }
      Library library = Library.of(params);
      switch (library) {
        case MVX -> Mvx.drainAndVerify(runtime, recorder, List.of(metric, otherMetric), calls);
        case MICROMETER -> Check.equal("micrometer count", calls,
            (long) (micrometerCounter.count() + micrometerOtherCounter.count()));
        case OTEL -> Check.equal("otel sum", calls, otel.sumAndPoints("bench.events")[0]);
        case SIMPLECLIENT -> Check.equal("simpleclient count", calls, (long) simpleChild.get());
        default -> throw new IllegalStateException(library + ": no check");
      }
    } finally {
      runtime.close();
      micrometerRegistry.close();
      otelProvider.close();
    }
  }

  @Benchmark
  @Threads(1)
  @Measures(Library.MVX)
  public void mvx_t1(Calls calls) {
    recorder.registerEvent(CountEvent.INSTANCE);
    calls.n++;
  }

  @Benchmark
  @Threads(2)
  @Measures(Library.MVX)
  public void mvx_t2(Calls calls) {
    recorder.registerEvent(CountEvent.INSTANCE);
    calls.n++;
  }

  /**
   * Four threads on one recorder: on a host with fewer cores than four producers and the processing thread
   * this is oversubscribed, and it is reported as such (API.md §7.2: the threads must not share a line per
   * event, whatever the cores).
   */
  @Benchmark
  @Threads(4)
  @Measures(Library.MVX)
  public void mvx_t4(Calls calls) {
    recorder.registerEvent(CountEvent.INSTANCE);
    calls.n++;
  }

  /**
   * The busy variant, measured: one producer on {@code storage} while a second one keeps the processing
   * thread busy on another recorder ({@link #mvx_busyOther}), so that a host whose processing thread would
   * otherwise sit idle next to the producer cannot hide the cost of moving cache lines between cores.
   */
  @Benchmark
  @Group("mvx_busy")
  @GroupThreads(1)
  @Measures(Library.MVX)
  public void mvx_busy(Calls calls) {
    recorder.registerEvent(CountEvent.INSTANCE);
    calls.n++;
  }

  /** The second producer of the busy variant, on its own recorder. */
  @Benchmark
  @Group("mvx_busy")
  @GroupThreads(1)
  @Measures(Library.MVX)
  public void mvx_busyOther(Calls calls) {
    otherRecorder.registerEvent(CountEvent.INSTANCE);
    calls.n++;
  }

  @Benchmark
  @Threads(1)
  @Measures(Library.MICROMETER)
  public void micrometer_t1(Calls calls) {
    micrometerCounter.increment();
    calls.n++;
  }

  @Benchmark
  @Threads(2)
  @Measures(Library.MICROMETER)
  public void micrometer_t2(Calls calls) {
    micrometerCounter.increment();
    calls.n++;
  }

  @Benchmark
  @Threads(4)
  @Measures(Library.MICROMETER)
  public void micrometer_t4(Calls calls) {
    micrometerCounter.increment();
    calls.n++;
  }

  /** Micrometer's peer of the busy variant: two threads, each on its own counter. */
  @Benchmark
  @Group("micrometer_busy")
  @GroupThreads(1)
  @Measures(Library.MICROMETER)
  public void micrometer_busy(Calls calls) {
    micrometerCounter.increment();
    calls.n++;
  }

  /** The second thread of Micrometer's busy peer. */
  @Benchmark
  @Group("micrometer_busy")
  @GroupThreads(1)
  @Measures(Library.MICROMETER)
  public void micrometer_busyOther(Calls calls) {
    micrometerOtherCounter.increment();
    calls.n++;
  }

  @Benchmark
  @Threads(1)
  @Measures(Library.OTEL)
  public void otel_t1(Calls calls) {
    otelCounter.add(1, otelAttributes);
    calls.n++;
  }

  @Benchmark
  @Threads(2)
  @Measures(Library.OTEL)
  public void otel_t2(Calls calls) {
    otelCounter.add(1, otelAttributes);
    calls.n++;
  }

  @Benchmark
  @Threads(1)
  @Measures(Library.SIMPLECLIENT)
  public void simpleclient_t1(Calls calls) {
    simpleChild.inc();
    calls.n++;
  }

  @Benchmark
  @Threads(2)
  @Measures(Library.SIMPLECLIENT)
  public void simpleclient_t2(Calls calls) {
    simpleChild.inc();
    calls.n++;
  }
}
