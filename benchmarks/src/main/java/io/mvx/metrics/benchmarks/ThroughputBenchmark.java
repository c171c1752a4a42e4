package io.mvx.metrics.benchmarks;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Benchmark 3, sustained throughput: events fully processed per second, producers to processing thread to
 * metric state, with 1, 2 and 4 producers ({@code producers} parameter).
 *
 * <p>One JMH invocation is one round of {@value #ROUND} events: {@code producers} threads (a
 * {@link ProducerCrew}, started once) each emit their share to the shared recorder and then wait until all
 * of them are processed ({@code getMetricSnapshots()}: its read-your-writes guarantee means the processing
 * thread has handled every earlier event of that thread); the round ends when every producer has seen its
 * events processed. With {@code @OperationsPerInvocation(ROUND)} JMH's score is events per second. Because
 * the wait is inside the round only processed events count, and the rate is bounded by the slower of the producers and the
 * processing thread. The recorder's queue holds every producer's batch at once, so nothing can be dropped; the
 * trial checks exactly that every emitted event was accepted, processed and counted by the metric.
 *
 * <p>{@code abq} runs the same rounds through {@link BlockingQueuePipeline} (ArrayBlockingQueue, one
 * consumer thread, the same {@link CounterMetric}), in the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Benchmark)
public class ThroughputBenchmark {

  /** Events per round, shared equally by the producers. */
  static final int ROUND = 1 << 18;
  /**
   * Twice a round: nothing can be dropped. The one departure from the default settings: a round's burst goes
   * to one recorder, so its {@code queueCapacity} (default 10,000) must hold a round for the score to be the
   * processing rate; the runtime-wide bound stays at its default (2^20).
   */
  static final int CAPACITY = ROUND << 1;

  @Param({"1", "2", "4"})
  int producers;

  MetricsRuntime runtime;
  RuntimeRecorder recorder;
  final CounterMetric metric = new CounterMetric();
  BlockingQueuePipeline baseline;
  ProducerCrew mvxCrew;
  ProducerCrew baselineCrew;
  final AtomicLong mvxEmitted = new AtomicLong();
  final AtomicLong baselineEmitted = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() {
    runtime = Mvx.runtime("bench.throughput", CAPACITY);
    recorder = runtime.createRecorder("storage");
    recorder.registerMetric(metric);
    baseline = new BlockingQueuePipeline(CAPACITY);
    int share = ROUND / producers;
    mvxCrew = new ProducerCrew(producers, () -> {
      for (int i = 0; i < share; i++) {
        recorder.registerEvent(CountEvent.INSTANCE);
      }
      recorder.getMetricSnapshots();
      mvxEmitted.addAndGet(share);
    });
    baselineCrew = new ProducerCrew(producers, () -> {
      for (int i = 0; i < share; i++) {
        baseline.emit(CountEvent.INSTANCE);
      }
      baseline.awaitProcessed();
      baselineEmitted.addAndGet(share);
    });
  }

  /** Every emitted event was accepted, processed and counted, in both pipelines. */
  @TearDown(Level.Trial)
  public void verifyAndClose() throws InterruptedException {
    try {
      mvxCrew.close();
      baselineCrew.close();
      Mvx.drainAndVerify(runtime, recorder, List.of(metric), mvxEmitted.get());
      Check.equal("events counted by the ArrayBlockingQueue baseline", baselineEmitted.get(), baseline.stop());
    } finally {
      runtime.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROUND)
  public void mvx() throws InterruptedException, BrokenBarrierException {
    mvxCrew.runOnce();
  }

  @Benchmark
  @OperationsPerInvocation(ROUND)
  public void abq() throws InterruptedException, BrokenBarrierException {
    baselineCrew.runOnce();
  }
}
