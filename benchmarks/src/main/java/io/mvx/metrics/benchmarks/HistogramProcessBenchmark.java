package io.mvx.metrics.benchmarks;

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

/**
 * The processing cost of one save event on the MVX thread: what {@link SaveMetric#handleEvent}
 * does (type check, outcome counter, binary search over the ten bounds, three plain writes), called directly
 * on one thread, next to the {@link CounterMetric} that {@link ThroughputBenchmark} feeds.
 *
 * <p>Why a direct call and not a throughput run: the processing thread's work per event is the runtime's
 * dispatch (taking the event from its lane, finding the recorder, the accounting), which is the same for
 * every metric, plus the metric's own {@code handleEvent}. A throughput run is bounded by the slower of the
 * producer and the processing thread, and an emit costs more than the processing, so it would measure the
 * producer. {@link ThroughputBenchmark} gives the dispatch with the cheapest metric (1 / its events per
 * second); this benchmark gives what a histogram metric adds on top: {@code saveMetric - counterMetric}.
 *
 * <p>The events are precomputed ({@link Saves#EVENTS}); the trial checks the counts against the calls made.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class HistogramProcessBenchmark {

  SaveMetric saveMetric;
  CounterMetric counterMetric;
  int next;
  long saveCalls;
  long counterCalls;

  @Setup(Level.Trial)
  public void setUp() {
    saveMetric = new SaveMetric();
    counterMetric = new CounterMetric();
  }

  /** Every call was handled and counted. */
  @TearDown(Level.Trial)
  public void verify() {
    Check.equal("save attempts counted", saveCalls, saveMetric.attempts());
    Check.equal("save durations observed", saveCalls, saveMetric.observations());
    Check.equal("count events counted", counterCalls, counterMetric.count());
  }

  @Benchmark
  @Measures(Library.MVX)
  public boolean saveMetric() {
    saveCalls++;
    return saveMetric.handleEvent(Saves.EVENTS[next++ & Saves.MASK]);
  }

  @Benchmark
  @Measures(Library.MVX)
  public boolean counterMetric() {
    counterCalls++;
    next++; // the same bookkeeping as saveMetric, so that the difference is the metric's own work
    return counterMetric.handleEvent(CountEvent.INSTANCE);
  }
}
