package io.mvx.metrics;

import java.util.Arrays;

/**
 * The counts of one sign of an exponential histogram: a window of consecutive bucket indices kept in a
 * circular array, so that the window can grow at either end without moving counts. Single-threaded.
 *
 * <p>The array grows (doubling, up to {@code maxBuckets}) and is replaced on a downscale; both are bounded
 * (the scale only goes down, at most 30 times), so recording in steady state allocates nothing.
 */
final class BucketWindow {

  private static final long[] NONE = new long[0];

  private long[] counts = NONE;
  /** The bucket index stored at array position 0, modulo the length. */
  private int base;
  private int start;
  private int end = -1;
  private boolean empty = true;

  /** Counts one observation in bucket {@code index}, or returns false when the window cannot hold it as it is. */
  boolean increment(int index) {
    if (empty) {
      if (counts.length == 0) {
        return false;
      }
      empty = false;
      base = index;
      start = index;
      end = index;
    } else if (index < start) {
      if ((long) end - index >= counts.length) {
        return false;
      }
      start = index;
    } else if (index > end) {
      if ((long) index - start >= counts.length) {
        return false;
      }
      end = index;
    }
    counts[position(index)]++;
    return true;
  }

  /** The smallest shift {@code k} such that the window with {@code index} spans at most {@code maxBuckets} at scale - k. */
  int downscaleNeeded(int index, int maxBuckets) {
    long low = empty ? index : Math.min(start, index);
    long high = empty ? index : Math.max(end, index);
    int shift = 0;
    while ((high >> shift) - (low >> shift) + 1 > maxBuckets) {
      shift++;
    }
    return shift;
  }

  /** Makes room for {@code index}, whose window must span at most {@code maxBuckets}. */
  void grow(int index, int maxBuckets) {
    long low = empty ? index : Math.min(start, index);
    long high = empty ? index : Math.max(end, index);
    int span = (int) (high - low + 1);
    int length = (int) Math.min(maxBuckets, Math.max(Math.max(span, 2L * counts.length), 8));
    long[] grown = new long[length];
    if (!empty) {
      for (int i = start; i <= end; i++) {
        grown[i - start] = counts[position(i)];
      }
      base = start;
    }
    counts = grown;
  }

  /** Merges every {@code 2^shift} neighbouring buckets: index {@code i} becomes {@code i >> shift}. */
  void downscale(int shift) {
    if (empty || shift == 0) {
      return;
    }
    int newStart = start >> shift;
    long[] merged = new long[counts.length];
    for (int i = start; i <= end; i++) {
      merged[(i >> shift) - newStart] += counts[position(i)];
    }
    counts = merged;
    base = newStart;
    start = newStart;
    end = end >> shift;
  }

  /** The index of the first bucket of the window (0 when empty). */
  int offset() {
    return empty ? 0 : start;
  }

  /** The window's counts from {@link #offset()} on, in a new array. */
  long[] copy() {
    if (empty) {
      return NONE;
    }
    long[] copy = new long[end - start + 1];
    for (int i = start; i <= end; i++) {
      copy[i - start] = counts[position(i)];
    }
    return copy;
  }

  private int position(int index) {
    int position = index - base;
    if (position < 0) {
      position += counts.length;
    } else if (position >= counts.length) {
      position -= counts.length;
    }
    return position;
  }

  @Override
  public String toString() {
    return "BucketWindow{offset=" + offset() + ", counts=" + Arrays.toString(copy()) + "}";
  }
}
