package io.mvx.metrics.engine;

import io.mvx.metrics.MetricEvent;
import java.util.Arrays;

/**
 * A block of {@link #SIZE} (recorder, event) pairs in a {@link Lane}. A producer fills it front to back and
 * links the next one; the processing thread reads it behind the producer and recycles it once the producer
 * has moved on. The pair at index {@code i} is {@code recorders[i]}, {@code events[i]}.
 */
final class Chunk {

  /** Pairs per chunk: a producer links a new chunk (and may wake the processing thread) every SIZE events. */
  static final int SIZE = 256;

  /** The recorder of each pair. */
  final DefaultRecorder[] recorders = new DefaultRecorder[SIZE];
  /** The event of each pair. */
  final MetricEvent[] events = new MetricEvent[SIZE];

  /** The chunk the producer fills after this one; written once, before the first event in it is published. */
  volatile Chunk next;

  /** The next chunk in a lane's stack of recycled chunks. */
  Chunk nextFree;

  /** Forgets every reference, so a recycled chunk keeps no recorder or event alive. */
  void clear() {
    Arrays.fill(recorders, null);
    Arrays.fill(events, null);
    next = null;
    nextFree = null;
  }
}
