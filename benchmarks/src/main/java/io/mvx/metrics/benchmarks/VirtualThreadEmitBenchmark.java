package io.mvx.metrics.benchmarks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Virtual-thread producers against platform ones, the way a server emits: one invocation is {@value #TASKS}
 * request tasks of {@value #EVENTS_PER_TASK} events each to one shared component recorder ({@value #BATCH}
 * events, fewer than the default queue capacity, drained before the next invocation outside the measured
 * time), submitted to
 * <ul>
 *   <li>{@code virtual}: {@code Executors.newVirtualThreadPerTaskExecutor()}, a new virtual thread per task
 *       (the runtime gives virtual threads one shared lane, taken under its monitor);
 *   <li>{@code platform}: a pool of two platform threads (one per core here), each with its own lane.
 * </ul>
 * The score is per event, dispatch of the tasks included; {@code micrometer} runs the same tasks with a
 * Micrometer {@code Counter.increment()} per event, so the difference between its two rows is what dispatching
 * the tasks costs, and what MVX adds beyond it is the lanes'. Needs Java 21 or later (run the jar with a Java 25
 * JDK: {@code $JAVA25/bin/java -jar benchmarks.jar VirtualThreadEmit}); on Java 17 the {@code virtual} trial
 * fails with a message. Default runtime settings; a trial that dropped or lost an event fails.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class VirtualThreadEmitBenchmark {

  static final int TASKS = 64;
  static final int EVENTS_PER_TASK = 128;
  static final int BATCH = TASKS * EVENTS_PER_TASK;

  @Param({"virtual", "platform"})
  public String producers;

  @Param({"mvx", "micrometer"})
  public String library;

  private MetricsRuntime runtime;
  private RuntimeRecorder recorder;
  private final CounterMetric metric = new CounterMetric();
  private Counter counter;
  private ExecutorService executor;
  private final Future<?>[] tasks = new Future<?>[TASKS];
  private long emitted;

  @Setup(Level.Trial)
  public void setUp() throws ReflectiveOperationException {
    runtime = Mvx.runtime("bench.virtual");
    recorder = runtime.createRecorder("component");
    recorder.registerMetric(metric);
    counter = Counter.builder("bench.events").register(new SimpleMeterRegistry());
    executor = producers.equals("virtual") ? virtualThreadPerTask() : Executors.newFixedThreadPool(2);
  }

  private static ExecutorService virtualThreadPerTask() throws ReflectiveOperationException {
    if (Runtime.version().feature() < 21) {
      throw new IllegalStateException("virtual threads need Java 21 or later; this is " + Runtime.version());
    }
    return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
  }

  /** Before each batch, outside the measured time: the processing thread catches up with the last one. */
  @Setup(Level.Invocation)
  public void drain() {
    recorder.getMetricSnapshots();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void emit() throws InterruptedException, ExecutionException {
    for (int i = 0; i < TASKS; i++) {
      tasks[i] = executor.submit(this::request);
    }
    for (Future<?> task : tasks) {
      task.get();
    }
    emitted += BATCH;
  }

  private void request() {
    if (library.equals("mvx")) {
      for (int i = 0; i < EVENTS_PER_TASK; i++) {
        recorder.registerEvent(CountEvent.INSTANCE);
      }
    } else {
      for (int i = 0; i < EVENTS_PER_TASK; i++) {
        counter.increment();
      }
    }
  }

  @TearDown(Level.Trial)
  public void verifyAndClose() throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the producers did not end within a minute");
    }
    if (library.equals("mvx")) {
      Mvx.drainAndVerify(runtime, recorder, List.of(metric), emitted);
    } else {
      Check.equal("micrometer count", emitted, (long) counter.count());
    }
    runtime.shutdown();
  }
}
