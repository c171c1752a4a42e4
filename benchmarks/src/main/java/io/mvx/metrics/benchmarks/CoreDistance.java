package io.mvx.metrics.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long one cache line takes to travel between the cores two threads run on: two threads pass a count back
 * and forth through one {@link AtomicLong}, each waiting for the other's increment, and the time per pass is
 * one transfer. On the project's 2-vCPU guests the two threads take both vCPUs, so this is the distance between
 * the physical cores the hypervisor gave them, which it changes while a machine runs: measured 2026-12-06 on
 * one host, 53-67 ns at some moments and 200-300 ns at others, and MVX's per-entity emit moved from 21-24 to
 * 77-97 ns with it (docs/PERFORMANCE.md, "Per entity: how far apart the two vCPUs are"). Run it next to a
 * benchmark whose two threads share lines, and quote the figure with the result.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.mvx.metrics.benchmarks.CoreDistance [rounds]}
 */
public final class CoreDistance {

  private static final int PASSES = 300_000;

  private CoreDistance() {}

  public static void main(String[] args) throws InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
    }
    double[] nanos = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      nanos[i] = transferNanos();
    }
    double[] sorted = nanos.clone();
    Arrays.sort(sorted);
    StringBuilder each = new StringBuilder();
    for (double value : nanos) {
      each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", value));
    }
    System.out.printf(Locale.ROOT, "core distance: %.0f ns per cache-line transfer between two threads "
        + "(median of %d rounds: %s)%n", sorted[rounds / 2], rounds, each);
  }

  /** Nanoseconds per transfer: the other thread answers odd counts, this one even counts. */
  static double transferNanos() throws InterruptedException {
    AtomicLong line = new AtomicLong();
    long last = 2L * PASSES;
    Thread other = new Thread(() -> {
      for (long expected = 1; expected < last; expected += 2) {
        while (line.get() != expected) {
          Thread.onSpinWait();
        }
        line.lazySet(expected + 1);
      }
    }, "core-distance");
    other.start();
    long start = System.nanoTime();
    for (long expected = 0; expected < last; expected += 2) {
      while (line.get() != expected) {
        Thread.onSpinWait();
      }
      line.lazySet(expected + 1);
    }
    while (line.get() != last) {
      Thread.onSpinWait();
    }
    long elapsed = System.nanoTime() - start;
    other.join();
    return (double) elapsed / last;
  }
}
