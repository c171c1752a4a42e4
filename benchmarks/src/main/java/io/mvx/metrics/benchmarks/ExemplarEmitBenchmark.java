package io.mvx.metrics.benchmarks;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.RuntimeStats;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The producer's cost of exemplars (§7.4): one thread emits to one recorder whose one metric records each
 * event's duration in a histogram ({@link LatencyMetric}, {@link Saves#BOUNDS}), with precomputed events
 * ({@link Saves#EVENTS}, so the event's allocation is not measured). {@code exemplars}:
 * <ul>
 *   <li>{@code OFF}: the runtime keeps no exemplars (the default): {@code registerEvent} tests one field;
 *   <li>{@code ON_OUTSIDE_SPAN}: exemplars on, no span current: each {@code registerEvent} asks
 *       OpenTelemetry's {@code Span.current()} and finds the invalid span;
 *   <li>{@code ON_IN_SPAN}: exemplars on inside one sampled span of a real OpenTelemetry SDK tracer, current
 *       on the benchmark thread for the whole trial: each event carries the span's trace context, and the
 *       histogram keeps it as its bucket's exemplar on the processing thread.
 * </ul>
 *
 * <p>One invocation is a batch of {@value #BATCH} events ({@code @OperationsPerInvocation}: the score is per
 * event), and MVX is drained before each batch, outside the measured time, as in
 * {@link HistogramEmitBenchmark}. The trial fails instead of reporting a number when an event was dropped or
 * rejected (a drop is cheaper than an accept), when the histogram did not count every event, or when its
 * exemplars are not what the mode implies (some with the span, none otherwise).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Threads(1)
@State(Scope.Benchmark)
public class ExemplarEmitBenchmark {

  /** Events per invocation: fewer than a recorder's default queue capacity (10,000), so none can be dropped. */
  static final int BATCH = 8_192;

  /** Whether the runtime keeps exemplars, and whether the producer emits inside a span. */
  public enum Exemplars { OFF, ON_OUTSIDE_SPAN, ON_IN_SPAN }

  @Param
  public Exemplars exemplars;

  MetricsRuntime runtime;
  RuntimeRecorder recorder;
  SdkTracerProvider tracerProvider;
  final List<Calls> threads = new ArrayList<>();

  /** One thread's position in the precomputed events, the calls it made, and its span while it is current. */
  @State(Scope.Thread)
  public static class Calls {
    int next;
    long n;
    Span span;
    io.opentelemetry.context.Scope scope;

    /** On the benchmark thread itself, so that the span is current where the events are emitted. */
    @Setup(Level.Trial)
    public void join(ExemplarEmitBenchmark benchmark) {
      synchronized (benchmark.threads) {
        benchmark.threads.add(this);
      }
      if (benchmark.exemplars == Exemplars.ON_IN_SPAN) {
        span = benchmark.tracerProvider.get("bench").spanBuilder("bench.save").startSpan();
        Check.isTrue(span.getSpanContext().isValid() && span.getSpanContext().isSampled(),
            "the tracer must start a valid, sampled span: " + span.getSpanContext());
        scope = span.makeCurrent();
      }
    }

    /** Closes the span's scope on the thread that opened it. */
    @TearDown(Level.Trial)
    public void leave() {
      if (scope != null) {
        scope.close();
        span.end();
      }
    }

    /** The index of the next precomputed event; counts the call. */
    int take() {
      n++;
      return next++ & Saves.MASK;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    // the SDK starts real spans only when its provider has a span processor; this one does nothing
    tracerProvider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).addSpanProcessor(new SpanProcessor() {
      @Override
      public void onStart(Context parentContext, ReadWriteSpan span) {}

      @Override
      public boolean isStartRequired() {
        return false;
      }

      @Override
      public void onEnd(ReadableSpan span) {}

      @Override
      public boolean isEndRequired() {
        return false;
      }
    }).build();
    // the settings of Mvx.runtime (defaults, DROP, silent), plus the exemplars of the mode
    runtime = MetricsRuntime.builder("bench.exemplar.emit")
        .defaultOverflowPolicy(OverflowPolicy.DROP)
        .logPolicy(LogPolicy.SILENT)
        .exemplars(exemplars != Exemplars.OFF)
        .build();
    runtime.start();
    recorder = runtime.createRecorder("storage");
    recorder.registerMetric(new LatencyMetric(0, 0));
  }

  /** Before each batch, outside the measured time: lets the processing thread catch up with the last one. */
  @Setup(Level.Invocation)
  public void drain() {
    recorder.getMetricSnapshots();
  }

  /** Checks the accounting, the histogram's count and its exemplars; fails the run when one is off. */
  @TearDown(Level.Trial)
  public void verifyAndClose() {
    try {
      long calls = 0;
      for (Calls thread : threads) {
        calls += thread.n;
      }
      HistogramValue histogram = recorder.getMetricSnapshots().get(LatencyMetric.NAME).values().get(0)
          .histogram().orElseThrow();
      RuntimeStats stats = runtime.stats();
      Check.equal("dropped events (a drop is cheaper than an accept)", 0, stats.dropped());
      Check.equal("rejected events", 0, stats.rejected());
      Check.equal("accepted events", calls, stats.accepted());
      Check.equal("processed events", calls, stats.processed());
      Check.equal("observations of the histogram", calls, histogram.count());
      if (exemplars == Exemplars.ON_IN_SPAN) {
        String traceId = threads.get(0).span.getSpanContext().getTraceId();
        Check.isTrue(!histogram.exemplars().isEmpty(), exemplars + ": the histogram kept no exemplar");
        histogram.exemplars().forEach(exemplar -> Check.isTrue(exemplar.traceId().equals(traceId),
            exemplars + ": exemplar of another trace: " + exemplar));
      } else {
        Check.isTrue(histogram.exemplars().isEmpty(), exemplars + ": exemplars without a span: "
            + histogram.exemplars());
      }
    } finally {
      runtime.close();
      tracerProvider.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  @Measures(Library.MVX)
  public void mvx(Calls calls) {
    for (int b = 0; b < BATCH; b++) {
      recorder.registerEvent(Saves.EVENTS[calls.take()]);
    }
  }
}
