package io.mvx.metrics.benchmarks;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * The processing thread's own cost per event, without the producer's: what a pipeline cannot show, since it
 * runs at the rate of the slower of the two.
 *
 * <p>Before each invocation (outside the measured time) the benchmark thread emits one event to a gate
 * recorder, whose metric holds the processing thread in its {@code handleEvent} until released, and then
 * {@value #ROUND} events to the measured recorders, which queue up behind the gate in the thread's lane. The
 * invocation releases the gate and waits until the round is processed ({@code getMetricSnapshots()} returns
 * once every earlier event of the calling thread is): the score is the processing thread's time per event,
 * taking events from the lane, finding the recorder, the accounting and {@link CounterMetric#handleEvent}.
 *
 * <p>{@code recorders = 1}: every event goes to one recorder (the component case; its {@code queueCapacity}
 * is raised to 2^19 so a round fits, the one departure from the default settings). {@code recorders =
 * 10000}: each event goes to one of 10,000 recorders in the random order of {@link EmitPerEntityBenchmark}
 * (the per-entity case, default settings). The trial checks that every event was processed and counted.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Benchmark)
public class ProcessingCostBenchmark {

  static final int ROUND = 1 << 18;

  @Param({"1", "10000"})
  int recorders;

  MetricsRuntime runtime;
  RuntimeRecorder gate;
  final GateMetric gateMetric = new GateMetric();
  RuntimeRecorder[] measured;
  final List<CounterMetric> metrics = new ArrayList<>();
  int[] sequence;
  long emitted;
  long gates;

  @Setup(Level.Trial)
  public void setUp() {
    runtime = Mvx.runtime("bench.processing", ROUND << 1);
    gate = runtime.createRecorder("gate");
    gate.registerMetric(gateMetric);
    measured = new RuntimeRecorder[recorders];
    for (int i = 0; i < recorders; i++) {
      measured[i] = runtime.createRecorder("connection-" + i);
      CounterMetric metric = new CounterMetric();
      metrics.add(metric);
      measured[i].registerMetric(metric);
    }
    SplittableRandom random = new SplittableRandom(42);
    sequence = new int[ROUND];
    for (int i = 0; i < ROUND; i++) {
      sequence[i] = random.nextInt(recorders);
    }
  }

  /** Holds the processing thread at the gate and queues a round behind it. */
  @Setup(Level.Invocation)
  public void queueRound() {
    gateMetric.closed = true;
    gate.registerEvent(CountEvent.INSTANCE);
    gates++;
    RuntimeRecorder[] targets = measured;
    for (int index : sequence) {
      targets[index].registerEvent(CountEvent.INSTANCE);
    }
    emitted += ROUND;
  }

  @TearDown(Level.Trial)
  public void verifyAndClose() {
    try {
      gateMetric.closed = false;
      measured[0].getMetricSnapshots();
      RuntimeStats stats = runtime.stats();
      Check.equal("dropped events", 0, stats.dropped());
      Check.equal("rejected events", 0, stats.rejected());
      Check.equal("accepted events", emitted + gates, stats.accepted());
      Check.equal("processed events", emitted + gates, stats.processed());
      long counted = 0;
      for (CounterMetric metric : metrics) {
        counted += metric.count();
      }
      Check.equal("events counted by the metrics", emitted, counted);
    } finally {
      runtime.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROUND)
  public void process() {
    gateMetric.closed = false;
    measured[0].getMetricSnapshots();
  }

  /** Holds the processing thread in {@code handleEvent} while {@link #closed}: a spin, so it resumes at once. */
  static final class GateMetric implements Metric {
    volatile boolean closed;
    private long passed;

    @Override
    public String metricName() {
      return "gate";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      while (closed) {
        Thread.onSpinWait();
      }
      passed++;
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder("gate").counter("passed", passed).build();
    }
  }
}
