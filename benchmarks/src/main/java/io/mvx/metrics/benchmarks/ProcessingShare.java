package io.mvx.metrics.benchmarks;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * How the CPUs are shared when producer threads emit to one recorder in a tight loop: each producer's wall time
 * per event, and the processing thread's own CPU time per event and as a share of one CPU (from
 * {@link ThreadMXBean#getThreadCpuTime}). On a host with fewer CPUs than producers plus one, what the
 * processing thread takes, working or waiting for a chunk to fill, is taken from the producers; this tool
 * shows how much that is, which {@code EmitPreboundBenchmark.mvx_t2} cannot.
 *
 * <p>The queues are enlarged to 2^26 events, as in the enlarged runs of {@code EmitPreboundBenchmark}: the
 * question is where CPU time goes, not whether the default queue rides out the platform's gaps
 * ({@link SchedulingGaps}). A round that drops an event, or whose metric counted other than what was accepted,
 * fails.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.mvx.metrics.benchmarks.ProcessingShare
 * [producers] [seconds per round] [rounds]} (defaults 2, 3, 4; the first round is a warm-up).
 */
public final class ProcessingShare {

  private static final int CAPACITY = 1 << 26;
  private static final int BATCH = 1_000;
  private static volatile boolean stop;

  private ProcessingShare() {}

  public static void main(String[] args) throws InterruptedException {
    int producers = argument(args, 0, 2, "producers");
    int seconds = argument(args, 1, 3, "seconds");
    int rounds = argument(args, 2, 4, "rounds");
    String namespace = "bench.share";
    MetricsRuntime runtime = MetricsRuntime.builder(namespace)
        .defaultQueueCapacity(CAPACITY)
        .eventBufferCapacity(CAPACITY)
        .defaultOverflowPolicy(OverflowPolicy.DROP)
        .logPolicy(LogPolicy.SILENT)
        .build();
    runtime.start();
    try {
      RuntimeRecorder recorder = runtime.createRecorder("storage");
      CounterMetric metric = new CounterMetric();
      recorder.registerMetric(metric);
      recorder.getMetricSnapshots(); // the processing thread is running and has attached the recorder
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long processingThread = threadId(namespace + ".metrics_runtime");
      long emitted = 0;
      for (int round = 0; round < rounds; round++) {
        long cpuBefore = threads.getThreadCpuTime(processingThread);
        long start = System.nanoTime();
        long events = emit(recorder, producers, seconds);
        long wall = System.nanoTime() - start;
        recorder.getMetricSnapshots(); // every event of this round processed
        long cpu = threads.getThreadCpuTime(processingThread) - cpuBefore;
        emitted += events;
        RuntimeStats stats = runtime.stats();
        Check.equal("dropped events", 0, stats.dropped());
        Check.equal("processed events", emitted, stats.processed());
        Check.equal("events counted by the metric", emitted, metric.count());
        System.out.printf(Locale.ROOT, "round %d%s: %d producers, %.1f ns per event per producer; processing thread "
                + "%.0f%% of a CPU, %.2f ns of CPU per event%n", round, round == 0 ? " (warm-up)" : "", producers,
            (double) wall * producers / events, 100.0 * cpu / wall, (double) cpu / events);
      }
    } finally {
      runtime.close();
    }
  }

  /** Runs {@code producers} threads emitting in a tight loop for {@code seconds}; returns the events emitted. */
  private static long emit(RuntimeRecorder recorder, int producers, int seconds) throws InterruptedException {
    long[] counts = new long[producers];
    Thread[] threads = new Thread[producers];
    stop = false;
    for (int i = 0; i < producers; i++) {
      int index = i;
      threads[i] = new Thread(() -> {
        long n = 0;
        while (!stop) {
          for (int j = 0; j < BATCH; j++) {
            recorder.registerEvent(CountEvent.INSTANCE);
          }
          n += BATCH;
        }
        counts[index] = n;
      }, "producer-" + i);
    }
    for (Thread thread : threads) {
      thread.start();
    }
    Thread.sleep(seconds * 1000L);
    stop = true;
    long total = 0;
    for (int i = 0; i < producers; i++) {
      threads[i].join();
      total += counts[i];
    }
    return total;
  }

  private static long threadId(String name) {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(name)) {
        return thread.getId();
      }
    }
    throw new IllegalStateException("no thread named '" + name + "'");
  }

  private static int argument(String[] args, int index, int otherwise, String name) {
    int value = args.length > index ? Integer.parseInt(args[index]) : otherwise;
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
    return value;
  }
}
