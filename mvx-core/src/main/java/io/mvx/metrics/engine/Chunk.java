package io.mvx.metrics.engine;

import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.TraceContext;
import java.util.Arrays;

/**
 * A block of {@link #SIZE} (recorder, event) pairs in a {@link Lane}. A producer fills it front to back and
 * links the next one; the processing thread reads it behind the producer and recycles it once the producer
 * has moved on.
 *
 * <p>A slot is written only where the pair differs from the one before: bit {@code i} of {@link #written}
 * says slot {@code i} holds a new recorder ({@code recorders[i]}, else null) or a new event
 * ({@code events[i]}, else null); a pair whose bit is clear repeats the recorder and the event before it. So a
 * run of one recorder's events that reuses its event object costs the producer no reference store (and no
 * garbage collector's barrier), and the processing thread reads one bitmap line for 512 of its events
 * instead of the 32 lines of each slot array. Slot 0 is always written.
 */
final class Chunk {

  /**
   * Pairs per chunk: a producer links a new chunk (and may wake the processing thread) every SIZE events.
   *
   * <p>What a chunk costs is paid once per chunk, not per event: the producer takes a recycled chunk from the
   * processing thread (a locked instruction on a shared line) and pulls the lines of its header, bitmap and
   * slot 0 back from the core that read them, and the processing thread counts a run of a recorder's events
   * every SIZE events, writing a line the producer then fetches again. Each such transfer takes about 200 ns
   * between the cores of a virtual machine, so a chunk of 256 cost a producer in a tight loop about 5 ns per
   * event; 2048 (measured 2026-12-05 against 256, 1024 and 4096, see docs/PERFORMANCE.md) took one thread's
   * emit from 17.9 to 9.8-13.8 ns and the pipeline from 56 to 85-105 M events/s. The price: 16 KiB per lane
   * with compressed oops (one current chunk per producer thread and per shared lane), and a full-speed
   * producer's events are taken in steps of up to 2048 (a paused producer's, and every event before a command,
   * at once).
   */
  static final int SIZE = 2048;

  /** The recorder of each pair. */
  final DefaultRecorder[] recorders = new DefaultRecorder[SIZE];
  /** The event of each pair. */
  final MetricEvent[] events = new MetricEvent[SIZE];
  /** Bit {@code i}: slot {@code i} was written. */
  final long[] written = new long[SIZE / Long.SIZE];
  /**
   * The trace context of each pair, where it changes; made at the first traced event the chunk takes. A
   * chunk starts without one: slot 0 holds its first pair's context, if any; {@link #NO_TRACE} marks a change
   * to none.
   */
  TraceContext[] traces;

  /** Written slots in a word of the bitmap up to which {@link #clear()} clears them one by one. */
  private static final int SPARSE = 8;

  /** In {@link #traces}: from here on, no trace context. */
  static final TraceContext NO_TRACE = new TraceContext("none", "none");

  /** The chunk the producer fills after this one; written once, before the first event in it is published. */
  volatile Chunk next;

  /** The next chunk in a lane's stack of recycled chunks. */
  Chunk nextFree;

  /** True when slot {@code index} was written. */
  boolean isWritten(int index) {
    return (written[index >>> 6] & (1L << index)) != 0;
  }

  /** The first written slot from {@code from} on, or {@code limit} when none is before it. */
  int nextWritten(int from, int limit) {
    if (from >= limit) {
      return limit;
    }
    int word = from >>> 6;
    long bits = written[word] & (-1L << from); // a shift by from takes its low six bits: the slot in the word
    for (;;) {
      if (bits != 0) {
        return Math.min((word << 6) + Long.numberOfTrailingZeros(bits), limit);
      }
      if (++word << 6 >= limit) {
        return limit;
      }
      bits = written[word];
    }
  }

  /** Marks slot {@code index} written. */
  void markWritten(int index) {
    written[index >>> 6] |= 1L << index;
  }

  /**
   * Forgets every reference, so a recycled chunk keeps no recorder or event alive: only the written slots
   * hold any, so only they are cleared, a few one by one, a word of the bitmap with many at once.
   */
  void clear() {
    for (int word = 0; word < written.length; word++) {
      long bits = written[word];
      if (bits == 0) {
        continue;
      }
      int from = word << 6;
      if (Long.bitCount(bits) > SPARSE) {
        // a vectorised fill beats a bit-by-bit walk when many slots were written
        Arrays.fill(recorders, from, from + 64, null);
        Arrays.fill(events, from, from + 64, null);
        if (traces != null) {
          Arrays.fill(traces, from, from + 64, null);
        }
      } else {
        // a recorder fed by one thread with one event writes slot 0 only: clearing 64 slots would pull
        // eight lines into the producer's cache for that one
        for (; bits != 0; bits &= bits - 1) {
          int slot = from + Long.numberOfTrailingZeros(bits);
          recorders[slot] = null;
          events[slot] = null;
          if (traces != null) {
            traces[slot] = null;
          }
        }
      }
      written[word] = 0;
    }
    next = null;
    nextFree = null;
  }
}
