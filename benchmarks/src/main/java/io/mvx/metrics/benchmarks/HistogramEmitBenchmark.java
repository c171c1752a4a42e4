package io.mvx.metrics.benchmarks;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The producer's cost of one save attempt that updates the attempts counter (labelled by outcome)
 * and the duration histogram ({@link Saves#BOUNDS}, the same ten bounds in every library), one thread.
 * Outcomes and durations come from {@link Saves}' precomputed arrays, so no random number is drawn here.
 * <ul>
 *   <li>{@code mvx}: one {@code registerEvent(new SaveEvent(..))} to a recorder whose {@link SaveMetric}
 *       owns the counter and the histogram, a new event per save as production code emits it;
 *       {@code mvx_prebuiltEvent} reuses precomputed events instead (the allocation-free lower bound);
 *   <li>{@code micrometer}: {@code Counter.increment()} (one counter per outcome, looked up once) and
 *       {@code Timer.record(nanos)} of a timer with the bounds as service level objectives, in a
 *       {@code PrometheusMeterRegistry} (simpleclient flavour);
 *   <li>{@code otel}: SDK {@code LongCounter.add(1, outcome attributes built once)} and
 *       {@code DoubleHistogram.record(seconds)} with the bounds as explicit bucket advice;
 *   <li>{@code simpleclient}: {@code Counter.Child.inc()} (children looked up once) and
 *       {@code Histogram.observe(seconds)} with the bounds as buckets.
 * </ul>
 *
 * <p>One invocation is a batch of {@value #BATCH} saves ({@code @OperationsPerInvocation}, so the score is
 * per save). MVX runs with its default settings. Its processing thread works concurrently with the producer
 * during a batch, and before each batch, outside the measured time, MVX is drained: a producer that emits
 * back to back without end outruns any single consumer that does more per event than the producer (here:
 * the histogram's binary search), and a bounded queue then drops. That is overload, not the cost of a
 * save; a service saving documents is nowhere near it. The trial checks that nothing was dropped (a drop is
 * cheaper than an accept) and that the metric counted every attempt and observed every duration, and fails
 * otherwise. Every peer's counter and histogram counts are checked
 * against the calls made too. What the processing thread then does per event is {@link HistogramProcessBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Threads(1)
@State(Scope.Benchmark)
public class HistogramEmitBenchmark {

  /** Saves per invocation: fewer than a recorder's default queue capacity (10,000), so none can be dropped. */
  static final int BATCH = 8_192;

  boolean measuresMvx;
  MetricsRuntime runtime;
  RuntimeRecorder recorder;
  final SaveMetric metric = new SaveMetric();

  @SuppressWarnings("deprecation") // Micrometer's simpleclient flavour, see the module pom
  PrometheusMeterRegistry micrometerRegistry;
  io.micrometer.core.instrument.Counter micrometerSuccess;
  io.micrometer.core.instrument.Counter micrometerFailure;
  Timer micrometerTimer;

  SdkMeterProvider otelProvider;
  Otel otel;
  LongCounter otelCounter;
  DoubleHistogram otelHistogram;
  Attributes otelSuccess;
  Attributes otelFailure;

  CollectorRegistry simpleRegistry;
  Counter.Child simpleSuccess;
  Counter.Child simpleFailure;
  Histogram simpleHistogram;

  final List<Calls> threads = new ArrayList<>();

  /** One thread's position in the precomputed saves and the calls it made. */
  @State(Scope.Thread)
  public static class Calls {
    int next;
    long n;

    @Setup(Level.Trial)
    public void join(HistogramEmitBenchmark benchmark) {
      synchronized (benchmark.threads) {
        benchmark.threads.add(this);
      }
    }

    /** The index of the next precomputed save; counts the call. */
    int take() {
      n++;
      return next++ & Saves.MASK;
    }
  }

  @Setup(Level.Trial)
  @SuppressWarnings("deprecation")
  public void setUp(BenchmarkParams params) {
    measuresMvx = Library.of(params) == Library.MVX;
    runtime = Mvx.runtime("bench.histogram.emit");
    recorder = runtime.createRecorder("storage");
    recorder.registerMetric(metric);

    micrometerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    micrometerSuccess = io.micrometer.core.instrument.Counter.builder("bench.save.attempts")
        .tag("outcome", "success").register(micrometerRegistry);
    micrometerFailure = io.micrometer.core.instrument.Counter.builder("bench.save.attempts")
        .tag("outcome", "failure").register(micrometerRegistry);
    micrometerTimer = Timer.builder("bench.save.duration").serviceLevelObjectives(Saves.boundsAsDurations())
        .register(micrometerRegistry);

    otel = Otel.create();
    otelProvider = otel.provider();
    otelCounter = otelProvider.get("bench").counterBuilder("bench.save.attempts").build();
    List<Double> bounds = new ArrayList<>();
    for (double bound : Saves.BOUNDS) {
      bounds.add(bound);
    }
    otelHistogram = otelProvider.get("bench").histogramBuilder("bench.save.duration").setUnit("s")
        .setExplicitBucketBoundariesAdvice(bounds).build();
    otelSuccess = Attributes.of(AttributeKey.stringKey("outcome"), "success");
    otelFailure = Attributes.of(AttributeKey.stringKey("outcome"), "failure");

    simpleRegistry = new CollectorRegistry();
    Counter simpleCounter = Counter.build("bench_save_attempts", "save attempts").labelNames("outcome")
        .register(simpleRegistry);
    simpleSuccess = simpleCounter.labels("success");
    simpleFailure = simpleCounter.labels("failure");
    simpleHistogram = Histogram.build("bench_save_duration_seconds", "save durations").buckets(Saves.BOUNDS)
        .register(simpleRegistry);
  }

  /**
   * Before each batch, outside the measured time: lets MVX's processing thread catch up with the previous
   * batch (for the peers there is nothing to wait for, and nothing is done).
   */
  @Setup(Level.Invocation)
  public void drain() {
    if (measuresMvx) {
      recorder.getMetricSnapshots();
    }
  }

  /** Checks that each library counted every attempt and observed every duration; for MVX, no drop. */
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
        case MVX -> Saves.drainAndVerify(runtime, recorder, metric, calls);
        case MICROMETER -> {
          Check.equal("micrometer attempts", calls, (long) (micrometerSuccess.count() + micrometerFailure.count()));
          Check.equal("micrometer timer count", calls, micrometerTimer.count());
        }
        case OTEL -> {
          Check.equal("otel attempts", calls, otel.sumAndPoints("bench.save.attempts")[0]);
          Check.equal("otel histogram count", calls, otel.histogramCountAndPoints("bench.save.duration")[0]);
        }
        case SIMPLECLIENT -> {
          Check.equal("simpleclient attempts", calls, (long) (simpleSuccess.get() + simpleFailure.get()));
          Check.equal("simpleclient histogram count", calls,
              simpleRegistry.getSampleValue("bench_save_duration_seconds_count").longValue());
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
  @OperationsPerInvocation(BATCH)
  @Measures(Library.MVX)
  public void mvx(Calls calls) {
    for (int b = 0; b < BATCH; b++) {
      int i = calls.take();
      recorder.registerEvent(new SaveEvent(Saves.SUCCESS[i], Saves.SECONDS[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  @Measures(Library.MVX)
  public void mvx_prebuiltEvent(Calls calls) {
    for (int b = 0; b < BATCH; b++) {
      recorder.registerEvent(Saves.EVENTS[calls.take()]);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  @Measures(Library.MICROMETER)
  public void micrometer(Calls calls) {
    for (int b = 0; b < BATCH; b++) {
      int i = calls.take();
      (Saves.SUCCESS[i] ? micrometerSuccess : micrometerFailure).increment();
      micrometerTimer.record(Saves.NANOS[i], TimeUnit.NANOSECONDS);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  @Measures(Library.OTEL)
  public void otel(Calls calls) {
    for (int b = 0; b < BATCH; b++) {
      int i = calls.take();
      otelCounter.add(1, Saves.SUCCESS[i] ? otelSuccess : otelFailure);
      otelHistogram.record(Saves.SECONDS[i]);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  @Measures(Library.SIMPLECLIENT)
  public void simpleclient(Calls calls) {
    for (int b = 0; b < BATCH; b++) {
      int i = calls.take();
      (Saves.SUCCESS[i] ? simpleSuccess : simpleFailure).inc();
      simpleHistogram.observe(Saves.SECONDS[i]);
    }
  }
}
