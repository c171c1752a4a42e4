package io.mvx.metrics.benchmarks;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.prometheus.MvxCollector;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 6, emit latency under scrapes: the distribution (SampleTime) of {@code registerEvent} on one
 * recorder of a runtime with {@value #RECORDERS} recorders, in two groups:
 * <ul>
 *   <li>{@code underScrape}: one thread emits ({@code emit}) while another runs {@link MvxCollector#collect()}
 *       back to back ({@code scrape}: one runtime snapshot of every recorder on the processing thread, then
 *       the Prometheus families);
 *   <li>{@code idle}: the same emitting thread alone.
 * </ul>
 * The report compares the p99.9 of {@code underScrape:emit} with that of {@code idle:emit}. The event
 * buffer holds far more than one iteration's backlog; each iteration ends by letting the processing
 * thread catch up, and the trial fails if an event was dropped (a drop is cheaper than an accept).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Group)
public class EmitUnderScrapeBenchmark {

  static final int RECORDERS = 10_000;

  MetricsRuntime runtime;
  RuntimeRecorder recorder;
  MvxCollector collector;
  final List<CounterMetric> metrics = new ArrayList<>();
  final Queue<Calls> threads = new ConcurrentLinkedQueue<>();

  @Setup(Level.Trial)
  public void setUp() {
    runtime = Mvx.runtime("bench.latency");
    for (int i = 0; i < RECORDERS; i++) {
      RuntimeRecorder created = runtime.createRecorder("connection-" + i);
      CounterMetric metric = new CounterMetric();
      created.registerMetric(metric);
      metrics.add(metric);
    }
    recorder = runtime.getRecorder("connection-0");
    collector = new MvxCollector(runtime);
  }

  /** Calls one emitting thread made; the trial check compares the recorder's total with the sum. */
  @State(Scope.Thread)
  public static class Calls {
    long n;

    @Setup(Level.Trial)
    public void join(EmitUnderScrapeBenchmark benchmark) {
      benchmark.threads.add(this);
    }
  }

  /** Lets the processing thread catch up, so no iteration starts with the previous one's backlog. */
  @TearDown(Level.Iteration)
  public void drain() {
    recorder.getMetricSnapshots(); // read-your-writes: returns once every earlier event is processed
  }

  @TearDown(Level.Trial)
  public void verifyAndClose() {
    try {
      long calls = 0;
      for (Calls thread : threads) {
        calls += thread.n;
      }
      Mvx.drainAndVerify(runtime, recorder, metrics, calls);
    } finally {
      runtime.close();
    }
  }

  @Benchmark
  @Group("underScrape")
  @GroupThreads(1)
  public void emit(Calls calls) {
    recorder.registerEvent(CountEvent.INSTANCE);
    calls.n++;
  }

  @Benchmark
  @Group("underScrape")
  @GroupThreads(1)
  public List<MetricFamilySamples> scrape() {
    return collector.collect();
  }

  @Benchmark
  @Group("idle")
  @GroupThreads(1)
  public void emitIdle(Calls calls) {
    recorder.registerEvent(CountEvent.INSTANCE);
    calls.n++;
  }
}
