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
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Benchmark 2, emit per entity: 10,000 entities (connections); each operation counts one event for one of
 * them, picked from a precomputed random sequence (one array read and an increment per operation).
 *
 * <ul>
 *   <li>{@code mvx}: every connection owns a {@code RuntimeRecorder} with a counter metric, held by the
 *       connection object: {@code recorders[i].registerEvent(event)};
 *   <li>{@code micrometer}: {@code registry.counter("bench.connection.events", "connection", id).increment()}
 *       (the registry lookup per operation is what users write; the 10,000 counters exist already);
 *   <li>{@code otel}: {@code counter.add(1, Attributes.of(key, id))}, attributes built per operation as
 *       users do; {@code otelPrebuilt}: the same with the 10,000 attribute sets built once;
 *   <li>{@code simpleclient}: {@code counter.labels(id).inc()}.
 * </ul>
 *
 * <p>At the end of each trial the measured library's total is checked against the number of calls made, and
 * for MVX that nothing was dropped; each iteration ends by letting the MVX processing thread catch up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Threads(1)
@State(Scope.Benchmark)
public class EmitPerEntityBenchmark {

  static final int ENTITIES = 10_000;
  static final int SEQUENCE = 1 << 16;
  static final int MASK = SEQUENCE - 1;
  static final String MICROMETER_NAME = "bench.connection.events";
  static final String OTEL_NAME = "bench.connection.events";
  static final AttributeKey<String> CONNECTION = AttributeKey.stringKey("connection");

  /** Entity indexes in a random order (fixed seed), shared by all libraries. */
  int[] sequence;
  String[] ids;

  MetricsRuntime runtime;
  RuntimeRecorder[] recorders;
  CounterMetric[] metrics;

  @SuppressWarnings("deprecation") // Micrometer's simpleclient flavour, see the module pom
  PrometheusMeterRegistry micrometerRegistry;

  Otel otel;
  SdkMeterProvider otelProvider;
  LongCounter otelCounter;
  Attributes[] otelAttributes;

  Counter simpleCounter;

  final Queue<Cursor> threads = new ConcurrentLinkedQueue<>();

  /** One thread's position in the sequence; its count is the number of calls that thread made. */
  @State(Scope.Thread)
  public static class Cursor {
    long n;
    int[] sequence;

    @Setup(Level.Trial)
    public void join(EmitPerEntityBenchmark benchmark) {
      sequence = benchmark.sequence;
      benchmark.threads.add(this);
    }

    int next() {
      return sequence[(int) (n++ & MASK)];
    }
  }

  @Setup(Level.Trial)
  @SuppressWarnings("deprecation")
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    sequence = new int[SEQUENCE];
    for (int i = 0; i < SEQUENCE; i++) {
      sequence[i] = random.nextInt(ENTITIES);
    }
    ids = new String[ENTITIES];
    for (int i = 0; i < ENTITIES; i++) {
      ids[i] = "connection-" + i;
    }

    runtime = Mvx.runtime("bench.entity");
    recorders = new RuntimeRecorder[ENTITIES];
    metrics = new CounterMetric[ENTITIES];
    for (int i = 0; i < ENTITIES; i++) {
      recorders[i] = runtime.createRecorder(ids[i]);
      metrics[i] = new CounterMetric();
      recorders[i].registerMetric(metrics[i]);
    }

    micrometerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    for (String id : ids) {
      micrometerRegistry.counter(MICROMETER_NAME, "connection", id);
    }

    otel = Otel.create();
    otelProvider = otel.provider();
    otelCounter = otelProvider.get("bench").counterBuilder(OTEL_NAME).build();
    otelAttributes = new Attributes[ENTITIES];
    for (int i = 0; i < ENTITIES; i++) {
      otelAttributes[i] = Attributes.of(CONNECTION, ids[i]);
    }

    simpleCounter = Counter.build("bench_connection_events", "events").labelNames("connection")
        .register(new CollectorRegistry());
    for (String id : ids) {
      simpleCounter.labels(id);
    }
  }

  /** Lets the processing thread catch up, so no iteration starts with the previous one's backlog. */
  @TearDown(Level.Iteration)
  public void drain() {
    recorders[0].getMetricSnapshots(); // read-your-writes: returns once every earlier event is processed
  }

  /** Checks that the library counted exactly the calls made, and for MVX that nothing was dropped. */
  @TearDown(Level.Trial)
  public void verifyAndClose(BenchmarkParams params) {
    try {
      long calls = 0;
      for (Cursor thread : threads) {
        calls += thread.n;
      }
      Library library = Library.of(params);
      switch (library) {
        case MVX -> Mvx.drainAndVerify(runtime, recorders[0], List.of(metrics), calls);
        case MICROMETER -> {
          long counted = 0;
          for (io.micrometer.core.instrument.Counter counter : micrometerRegistry.find(MICROMETER_NAME).counters()) {
            counted += (long) counter.count();
          }
          Check.equal("micrometer counts", calls, counted);
        }
        case OTEL -> Check.equal("otel sum", calls, otel.sumAndPoints(OTEL_NAME)[0]);
        case SIMPLECLIENT -> {
          long counted = 0;
          for (int i = 0; i < ENTITIES; i++) {
            counted += (long) simpleCounter.labels(ids[i]).get();
          }
          Check.equal("simpleclient counts", calls, counted);
        }
        default -> throw new IllegalStateException(library + ": no check");
      }
    } finally {
      runtime.close();
      micrometerRegistry.close();
      otelProvider.close();
    }
  }

  @Benchmark
  @Measures(Library.MVX)
  public void mvx(Cursor cursor) {
    recorders[cursor.next()].registerEvent(CountEvent.INSTANCE);
  }

  @Benchmark
  @Measures(Library.MICROMETER)
  public void micrometer(Cursor cursor) {
    micrometerRegistry.counter(MICROMETER_NAME, "connection", ids[cursor.next()]).increment();
  }

  @Benchmark
  @Measures(Library.OTEL)
  public void otel(Cursor cursor) {
    otelCounter.add(1, Attributes.of(CONNECTION, ids[cursor.next()]));
  }

  @Benchmark
  @Measures(Library.OTEL)
  public void otelPrebuilt(Cursor cursor) {
    otelCounter.add(1, otelAttributes[cursor.next()]);
  }

  @Benchmark
  @Measures(Library.SIMPLECLIENT)
  public void simpleclient(Cursor cursor) {
    simpleCounter.labels(ids[cursor.next()]).inc();
  }
}
