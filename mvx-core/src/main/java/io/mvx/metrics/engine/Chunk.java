package io.mvx.metrics.engine;

/**
 * A block of {@link #SIZE} (recorder, event) slots in a {@link Lane}. A producer fills it front to back and
 * links the next one; the processing thread reads it behind the producer and recycles it through the
 * {@link ChunkPool} once the producer has moved on.
 */
final class Chunk {

  /** Pairs per chunk: a producer links a new chunk (and may wake the processing thread) every SIZE events. */
  static final int SIZE = 256;

  /** recorder, event, recorder, event, ... */
  final Object[] slots = new Object[SIZE * 2];

  /** The chunk the producer fills after this one; written once, before the first event in it is published. */
  volatile Chunk next;

  /** The next chunk in a lane's stack of recycled chunks. */
  Chunk nextFree;

  /** Forgets every reference, so a recycled chunk keeps no event alive. */
  void clear() {
    java.util.Arrays.fill(slots, null);
    next = null;
    nextFree = null;
  }
}
