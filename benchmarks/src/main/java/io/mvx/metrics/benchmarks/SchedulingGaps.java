package io.mvx.metrics.benchmarks;

import java.util.Locale;

/**
 * How often a thread that never blocks still loses its CPU: one spinning thread per processor reads the clock
 * in a loop and counts the gaps between two reads (the thread was off its CPU: the guest's scheduler, its
 * interrupts, or the hypervisor running something else on the physical core). This is the floor under MVX's
 * default-settings figures: a producer in a tight loop fills a recorder's 10,000-event queue in about 100 µs,
 * so every gap of the processing thread longer than the queue's headroom drops events, however fast it is.
 * Measured 2026-12-06 on a 2-vCPU guest, two runs: 60-816 gaps of 50 µs or more per thread in 6 s, 7-13 of
 * them of 1 ms or more, 28-91 ms in all (docs/PERFORMANCE.md, "Default settings and the platform's gaps").
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.mvx.metrics.benchmarks.SchedulingGaps [seconds]}
 */
public final class SchedulingGaps {

  private static final long[] BOUNDS = {10_000, 50_000, 100_000, 1_000_000, 10_000_000};
  private static volatile boolean stop;

  private SchedulingGaps() {}

  public static void main(String[] args) throws InterruptedException {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    if (seconds < 1) {
      throw new IllegalArgumentException("seconds must be at least 1, was " + seconds);
    }
    int threads = Runtime.getRuntime().availableProcessors();
    long[][] counts = new long[threads][];
    Thread[] spinners = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      int index = i;
      spinners[i] = new Thread(() -> counts[index] = spin(), "gaps-" + i);
      spinners[i].start();
    }
    Thread.sleep(seconds * 1000L);
    stop = true;
    for (Thread spinner : spinners) {
      spinner.join();
    }
    for (int i = 0; i < threads; i++) {
      long[] c = counts[i];
      System.out.printf(Locale.ROOT, "thread %d over %d s: gaps >= 10 us %d, >= 50 us %d, >= 100 us %d, >= 1 ms %d, "
          + ">= 10 ms %d; %.1f ms in gaps of 50 us or more%n", i, seconds, c[0], c[1], c[2], c[3], c[4], c[5] / 1e6);
    }
  }

  /** Counts the gaps at or above each bound, and the time in gaps of 50 µs or more (last element). */
  private static long[] spin() {
    long[] counts = new long[BOUNDS.length + 1];
    long last = System.nanoTime();
    while (!stop) {
      long now = System.nanoTime();
      long gap = now - last;
      for (int b = 0; b < BOUNDS.length && gap >= BOUNDS[b]; b++) {
        counts[b]++;
      }
      if (gap >= BOUNDS[1]) {
        counts[BOUNDS.length] += gap;
      }
      last = now;
    }
    return counts;
  }
}
