package io.mvx.metrics.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Measures the heap the JVM retains: used heap right after a full collection. */
final class HeapProbe {

  static final long MIB = 1024 * 1024;

  private HeapProbe() {}

  /**
   * Used heap after {@link System#gc()} (a full, stop-the-world collection with the default G1
   * settings), the lowest of three rounds so that a collection racing an allocation does not count.
   */
  static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long lowest = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      System.gc();
      lowest = Math.min(lowest, memory.getHeapMemoryUsage().getUsed());
    }
    return lowest;
  }

  static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (double) MIB);
  }
}
