package io.mvx.metrics.benchmarks;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * A diagnostic, not a comparison: each side of the hand-off timed alone, on one core each, so that a host
 * shared with other work still tells which side an engine change made cheaper.
 *
 * <p>Per round: the processing thread is held inside a gate metric of another recorder; one producer emits
 * {@code events} counter events in a tight loop (the producer's cost per event, with no processing thread
 * taking lines from it); then the gate opens and the time until every event is processed is the processing
 * thread's cost per event. Queues are enlarged so the whole burst fits (that is the point: no drops, no
 * waiting); the run fails if anything was dropped. Prints the best and the median of the rounds.
 *
 * <p>Run: {@code java -Xmx6g -cp benchmarks/target/benchmarks.jar io.mvx.metrics.benchmarks.SideCosts
 * [events] [rounds]} (defaults 20,000,000 and 7).
 */
public final class SideCosts {

  private SideCosts() {}

  /** Holds the processing thread until the latch opens. */
  static final class Gate implements Metric {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);

    @Override
    public String metricName() {
      return "gate";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      entered.countDown();
      try {
        open.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder("gate").gauge("open", open.getCount() == 0 ? 1 : 0).build();
    }
  }

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    double[] produce = new double[rounds];
    double[] consume = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      MetricsRuntime runtime = MetricsRuntime.builder("bench.sides").logPolicy(LogPolicy.SILENT)
          .defaultQueueCapacity(events).eventBufferCapacity(events + 1).handlerTimeout(java.time.Duration.ofMinutes(5))
          .build();
      runtime.start();
      try {
        Gate gate = new Gate();
        RuntimeRecorder held = runtime.createRecorder("held");
        held.registerMetric(gate);
        CounterMetric metric = new CounterMetric();
        RuntimeRecorder recorder = runtime.createRecorder("storage");
        recorder.registerMetric(metric);
        held.registerEvent(CountEvent.INSTANCE);
        gate.entered.await();

        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
          recorder.registerEvent(CountEvent.INSTANCE);
        }
        long produced = System.nanoTime();
        gate.open.countDown();
        recorder.getMetricSnapshots(); // read-your-writes: every event before it is processed
        long consumed = System.nanoTime();
        Check.equal("dropped", 0, runtime.stats().dropped());
        Check.equal("counted", events, metric.count());
        produce[round] = (produced - start) / (double) events;
        consume[round] = (consumed - produced) / (double) events;
        System.out.printf("round %d: producer %.2f ns/event, processing thread %.2f ns/event%n", round,
            produce[round], consume[round]);
      } finally {
        runtime.close();
      }
    }
    Arrays.sort(produce);
    Arrays.sort(consume);
    System.out.printf("producer: best %.2f, median %.2f ns/event; processing thread: best %.2f, median %.2f ns/event%n",
        produce[0], produce[rounds / 2], consume[0], consume[rounds / 2]);
  }
}
