package io.mvx.metrics.benchmarks;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import java.time.Duration;
import java.util.Locale;

/**
 * How far the processing thread falls behind a thread doing nothing but connection lifecycles (create a
 * recorder, register a counter, count one event, {@code stopAndRemoveRecorder}) for 5 s with 100,000
 * recorders held, alone or with a second thread taking runtime snapshots back to back ({@code scrape}):
 * the lifecycles run, the heap used once they stop, and how long the processing thread then takes to catch
 * up. A removed recorder leaves the registry at once and drains on the processing thread, so churn faster
 * than it can retire recorders is a backlog, not a wait.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar io.mvx.metrics.benchmarks.LifecycleChurn
 * [scrape]}.
 */
public final class LifecycleChurn {

  private static final int HELD = 100_000;
  private static final long RUN_NANOS = Duration.ofSeconds(5).toNanos();

  private LifecycleChurn() {}

  public static void main(String[] args) throws InterruptedException {
    boolean scrape = args.length > 0 && args[0].equals("scrape");
    MetricsRuntime runtime = MetricsRuntime.builder("churn").maxRecorders(HELD + 1).build();
    runtime.start();
    for (int i = 0; i < HELD; i++) {
      RuntimeRecorder recorder = runtime.createRecorder("held-" + i);
      recorder.registerMetric(new CounterMetric());
      recorder.registerEvent(CountEvent.INSTANCE);
    }
    runtime.snapshot();
    Thread scraper = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        runtime.snapshot();
      }
    }, "scraper");
    if (scrape) {
      scraper.start();
    }
    long lifecycles = 0;
    long end = System.nanoTime() + RUN_NANOS;
    while (System.nanoTime() < end) {
      for (int k = 0; k < 1_000; k++, lifecycles++) {
        String id = "connection-" + lifecycles;
        RuntimeRecorder recorder = runtime.createRecorder(id);
        recorder.registerMetric(new CounterMetric());
        recorder.registerEvent(CountEvent.INSTANCE);
        runtime.stopAndRemoveRecorder(id);
      }
    }
    scraper.interrupt();
    scraper.join();
    System.gc();
    Runtime jvm = Runtime.getRuntime();
    long heapMb = (jvm.totalMemory() - jvm.freeMemory()) >> 20;
    long start = System.nanoTime();
    runtime.snapshot(Duration.ofMinutes(5));
    double catchUp = (System.nanoTime() - start) / 1e9;
    Check.equal("dropped events", 0, runtime.stats().dropped());
    Check.equal("processed events", HELD + lifecycles, runtime.stats().processed());
    System.out.printf(Locale.ROOT, "%s: %,d lifecycles in 5 s; heap used then %,d MB; caught up %.2f s later%n",
        scrape ? "with snapshots back to back" : "alone", lifecycles, heapMb, catchUp);
    runtime.shutdown();
  }
}
