package io.mvx.metrics.engine;

import java.util.ArrayDeque;

/**
 * Spare {@link Chunk}s shared by a runtime's lanes. Storage for pending events is taken on demand and given
 * back here when the processing thread has read it, so a busy runtime reuses its chunks instead of
 * allocating (the runtime-wide bound caps how many there can be). When the runtime goes idle the processing
 * thread {@linkplain #trim() trims} the pool to {@link #RETAINED} chunks and lets the garbage collector have
 * the rest, so a runtime that was busy once does not hold its peak storage.
 */
final class ChunkPool {

  /** Chunks kept for reuse: with compressed oops 2 x 16 KiB. */
  static final int RETAINED = 2;

  private final ArrayDeque<Chunk> spare = new ArrayDeque<>();

  /** A cleared chunk, from the pool or new. Producers call it once every {@link Chunk#SIZE} events. */
  Chunk take() {
    Chunk chunk;
    synchronized (spare) {
      chunk = spare.pollFirst();
    }
    return chunk != null ? chunk : new Chunk();
  }

  /** Gives back a chunk no producer writes any more and the processing thread has read. */
  void give(Chunk chunk) {
    chunk.clear(); // cheap when already cleared
    synchronized (spare) {
      spare.addFirst(chunk);
    }
  }

  /** Keeps at most {@link #RETAINED} chunks; the processing thread calls it when the runtime is idle. */
  void trim() {
    synchronized (spare) {
      while (spare.size() > RETAINED) {
        spare.pollLast();
      }
    }
  }

  /** Chunks held now. */
  int retained() {
    synchronized (spare) {
      return spare.size();
    }
  }
}
