package io.mvx.metrics.benchmarks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * The emit cost under the alternative contract ({@link LaneBoundPrototype}: no locked instruction per
 * event), beside Micrometer's {@code Counter.increment} in the same run, for the closing argument about the
 * contract. A trial whose prototype dropped an event fails.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class PrototypeEmitBenchmark {

  LaneBoundPrototype prototype;
  final LaneBoundPrototype.Recorder recorder = new LaneBoundPrototype.Recorder();
  Counter counter;

  @Setup(Level.Trial)
  public void setUp() {
    prototype = new LaneBoundPrototype();
    counter = Counter.builder("bench.events").register(new SimpleMeterRegistry());
  }

  @TearDown(Level.Iteration)
  public void drain() {
    prototype.drain();
  }

  @TearDown(Level.Trial)
  public void verify() {
    prototype.close();
    Check.equal("prototype drops", 0, prototype.dropped());
  }

  @Benchmark
  @Threads(1)
  public boolean prototype_t1() {
    return prototype.emit(recorder);
  }

  @Benchmark
  @Threads(2)
  public boolean prototype_t2() {
    return prototype.emit(recorder);
  }

  @Benchmark
  @Threads(1)
  public void micrometer_t1() {
    counter.increment();
  }

  @Benchmark
  @Threads(2)
  public void micrometer_t2() {
    counter.increment();
  }
}
