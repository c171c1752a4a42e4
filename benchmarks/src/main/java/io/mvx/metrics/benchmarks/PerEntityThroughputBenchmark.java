package io.mvx.metrics.benchmarks;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The processing thread's rate in the per-entity case: events fully processed per second when each event
 * goes to one of 10,000 recorders (the {@link EmitPerEntityBenchmark} workload), default runtime settings.
 *
 * <p>One invocation emits {@value #ROUND} events, each to the recorder the precomputed random sequence picks,
 * then waits until all of them are processed ({@code getMetricSnapshots()} returns once every earlier event of
 * the calling thread is). The backlog is therefore at most one round, far below every bound, so nothing can be
 * dropped, and the score is the pipeline's rate with the processing thread never more than a round behind: in
 * {@link EmitPerEntityBenchmark} a processing thread slower than the producer falls ever further behind until
 * the runtime's bound refuses events, and that run fails. The trial checks that every event was processed
 * and counted.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Benchmark)
public class PerEntityThroughputBenchmark {

  static final int ROUND = 1 << 16;

  int[] sequence;
  MetricsRuntime runtime;
  RuntimeRecorder[] recorders;
  CounterMetric[] metrics;
  long emitted;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    sequence = new int[ROUND];
    for (int i = 0; i < ROUND; i++) {
      sequence[i] = random.nextInt(EmitPerEntityBenchmark.ENTITIES);
    }
    runtime = Mvx.runtime("bench.entity.throughput", null);
    recorders = new RuntimeRecorder[EmitPerEntityBenchmark.ENTITIES];
    metrics = new CounterMetric[EmitPerEntityBenchmark.ENTITIES];
    for (int i = 0; i < recorders.length; i++) {
      recorders[i] = runtime.createRecorder("connection-" + i);
      metrics[i] = new CounterMetric();
      recorders[i].registerMetric(metrics[i]);
    }
  }

  @TearDown(Level.Trial)
  public void verifyAndClose() {
    try {
      Mvx.drainAndVerify(runtime, recorders[0], List.of(metrics), emitted);
    } finally {
      runtime.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROUND)
  public void mvx() {
    RuntimeRecorder[] recorders = this.recorders;
    for (int entity : sequence) {
      recorders[entity].registerEvent(CountEvent.INSTANCE);
    }
    recorders[0].getMetricSnapshots();
    emitted += ROUND;
  }
}
