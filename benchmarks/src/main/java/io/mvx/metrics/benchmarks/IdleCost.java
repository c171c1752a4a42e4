package io.mvx.metrics.benchmarks;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What an idle runtime costs, with default settings and its processing thread running:
 * <ul>
 *   <li>CPU: the processing thread's CPU time and the whole process's over 10 s idle, with 1,000 recorders;
 *   <li>heap: 100,000 recorders with one counter each, then a burst of 1,000,000 events spread over them,
 *       then idle: the heap used before and after the burst (SerialGC and repeated full GCs, so the figure
 *       is exact). What the burst leaves behind is the per-event storage an idle runtime holds.
 * </ul>
 *
 * <p>Run: {@code java -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar io.mvx.metrics.benchmarks.IdleCost}
 */
public final class IdleCost {

  private IdleCost() {}

  public static void main(String[] args) throws Exception {
    cpu();
    heap();
  }

  private static void cpu() throws InterruptedException {
    try (MetricsRuntime runtime = Mvx.runtime("idle.cpu")) {
      List<RuntimeRecorder> recorders = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        RuntimeRecorder recorder = runtime.createRecorder("connection-" + i);
        recorder.registerMetric(new CounterMetric());
        recorder.registerEvent(CountEvent.INSTANCE);
        recorders.add(recorder);
      }
      recorders.get(0).getMetricSnapshots();
      Thread processing = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().equals("idle.cpu.metrics_runtime")).findFirst().orElseThrow();
      var threads = ManagementFactory.getThreadMXBean();
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      TimeUnit.SECONDS.sleep(1); // settle: the processing thread backs off to its longest park
      long threadBefore = threads.getThreadCpuTime(processing.getId());
      long processBefore = os.getProcessCpuTime();
      long wallBefore = System.nanoTime();
      TimeUnit.SECONDS.sleep(10);
      long wall = System.nanoTime() - wallBefore;
      long thread = threads.getThreadCpuTime(processing.getId()) - threadBefore;
      long process = os.getProcessCpuTime() - processBefore;
      System.out.printf(Locale.ROOT, "idle CPU, 1,000 recorders, %.1f s: processing thread %.3f ms (%.4f%% of a core), "
              + "whole process %.3f ms (%.4f%% of a core)%n", wall / 1e9, thread / 1e6, 100.0 * thread / wall,
          process / 1e6, 100.0 * process / wall);
    }
  }

  private static void heap() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (MetricsRuntime runtime = Mvx.runtime("idle.heap")) {
      List<RuntimeRecorder> recorders = new ArrayList<>();
      for (int i = 0; i < 100_000; i++) {
        RuntimeRecorder recorder = runtime.createRecorder("connection-" + i);
        recorder.registerMetric(new CounterMetric());
        recorders.add(recorder);
      }
      recorders.get(0).getMetricSnapshots();
      TimeUnit.SECONDS.sleep(1);
      long before = usedAfterGc(memory);
      for (int i = 0; i < 1_000_000; i++) {
        recorders.get(i % recorders.size()).registerEvent(CountEvent.INSTANCE);
      }
      recorders.get(0).getMetricSnapshots();
      Check.equal("dropped in the burst", 0, runtime.stats().dropped());
      TimeUnit.SECONDS.sleep(1); // idle: the processing thread trims its chunk pool
      long after = usedAfterGc(memory);
      System.out.printf(Locale.ROOT, "idle heap, 100,000 recorders: %,d bytes used before a 1,000,000-event burst, "
          + "%,d after it once idle: %+,d bytes left behind%n", before, after, after - before);
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
