package io.mvx.metrics.engine;

import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.TraceContext;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One producer's queue of (recorder, event) pairs to the processing thread: single producer, single
 * consumer, a linked list of {@link Chunk}s taken on demand from the {@link ChunkPool} and given back as the
 * processing thread reads them.
 *
 * <p>A producer writes only this lane's producer fields and the slots of its current chunk, lines its own
 * core holds; it publishes each pair with a release store of {@code published} (a plain store on x86) and
 * never reads what the processing thread writes. The processing thread reads {@code published} once per pass
 * and then a whole run of slots, normally in chunks the producer has already left, so the two threads do
 * not pass a cache line back and forth per event.
 *
 * <p>A dedicated lane belongs to one thread ({@link #owner}); a shared lane takes producers that have
 * none (virtual threads, threads beyond the dedicated limit) one at a time under its monitor.
 */
final class Lane extends LaneFields {

  private static final VarHandle PUBLISHED;
  private static final VarHandle CREDITS;
  private static final VarHandle RECYCLED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PUBLISHED = lookup.findVarHandle(Lane.class, "published", long.class);
      CREDITS = lookup.findVarHandle(Lane.class, "credits", int.class);
      RECYCLED = lookup.findVarHandle(Lane.class, "recycled", Chunk.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The thread writing this lane, or null for a shared lane. */
  final Thread owner;
  /**
   * How many slots ahead of the pair it hands on {@link #drain} reads the recorders written in them. In the
   * per-entity case every pair has a recorder of its own, whose lines its producer wrote last, on another core;
   * read one at a time, each miss stalls the delivery of its pair. Read {@value} at once, with nothing waiting on
   * the reads, the misses overlap: 25.6 against 31.2 ns per event of the processing thread with 10,000
   * recorders, on average over 14 alternating pairs of forks on an AMD host, lower in 11 (docs/PERFORMANCE.md,
   * "Reading recorders ahead"). A recorder fed by one thread leaves its slots empty but the first of a run, so
   * it pays a look at a few slots per run.
   */
  static final int READ_AHEAD = 16;

  /** Which {@link AcceptStripe} of a contended recorder this lane's producers add to. */
  final int stripe;

  Lane(Thread owner, int stripe, Chunk first) {
    this.owner = owner;
    this.stripe = stripe;
    this.writeChunk = first;
    this.readChunk = first;
  }

  boolean isShared() {
    return owner == null;
  }

  // ---- producer side: the owner thread, or a producer holding a shared lane's monitor ----

  /** Unused runtime-wide credits this lane holds: events it may still append without asking the budget. */
  int credits() {
    return credits;
  }

  /** Adds credits taken from the budget. */
  void addCredits(int count) {
    CREDITS.setOpaque(this, credits + count);
  }

  /**
   * Appends a pair, spending one credit the caller made sure the lane holds. A slot's recorder (event) is
   * null when it is the recorder (event) of the pair before.
   *
   * <p>Kept small, with what is rare (a new chunk, a new trace context) in methods of their own, so that the
   * JIT's inlining budget goes to the path every event takes. (Measured on its own, the split changed nothing
   * beyond the noise: 16.3 against 17.9 ns per event, forks of 14 to 20 ns either way.)
   *
   * @return true when the pair went into a new chunk (the processing thread may need waking)
   */
  boolean append(DefaultRecorder recorder, MetricEvent event, TraceContext trace, ChunkPool pool) {
    CREDITS.setOpaque(this, credits - 1); // opaque: the budget's slow path reads other lanes' credits
    int index = writeIndex;
    if (index == Chunk.SIZE) {
      startChunk(recorder, event, trace, pool);
      return true;
    }
    // a reference is written only where it changes: a recorder fed by one thread with an event it reuses
    // stores no reference per event, so it pays no garbage collector's barrier for it (compared with the slot
    // last written, not with a field: a field store would cost the barrier again)
    Chunk chunk = writeChunk;
    if (recorder != chunk.recorders[recorderAt] || event != chunk.events[eventAt] || trace != lastTrace) {
      writeSlot(chunk, index, recorder, event, trace);
    }
    writeIndex = index + 1;
    PUBLISHED.setRelease(this, published + 1);
    return false;
  }

  /** Writes what changed of a pair into slot {@code index} and marks it, before the pair is published. */
  private void writeSlot(Chunk chunk, int index, DefaultRecorder recorder, MetricEvent event, TraceContext trace) {
    if (recorder != chunk.recorders[recorderAt]) {
      chunk.recorders[index] = recorder;
      recorderAt = index;
    }
    if (event != chunk.events[eventAt]) {
      chunk.events[index] = event;
      eventAt = index;
    }
    if (trace != lastTrace) {
      writeTrace(chunk, index, trace);
    }
    chunk.markWritten(index);
  }

  /**
   * Writes a change of trace context into slot {@code index}: {@link Chunk#NO_TRACE} for a change to none. The
   * lane keeps the context, so that the next capture compares with it and the events of one span share one
   * object.
   */
  private void writeTrace(Chunk chunk, int index, TraceContext trace) {
    TraceContext[] traces = chunk.traces;
    if (traces == null) {
      chunk.traces = traces = new TraceContext[Chunk.SIZE];
    }
    traces[index] = trace == null ? Chunk.NO_TRACE : trace;
    lastTrace = trace;
  }

  /**
   * Links a chunk after the full one (a recycled one first, else from the pool) and publishes the pair in its
   * slot 0, which is always written; a chunk starts without a trace context, so slot 0 holds the pair's, if any.
   */
  private void startChunk(DefaultRecorder recorder, MetricEvent event, TraceContext trace, ChunkPool pool) {
    Chunk fresh = takeRecycled();
    if (fresh == null) {
      fresh = pool.take();
    } else {
      fresh.clear();
    }
    writeChunk.next = fresh; // volatile: before any event in it is published
    writeChunk = fresh;
    fresh.recorders[0] = recorder;
    fresh.events[0] = event;
    recorderAt = 0;
    eventAt = 0;
    if (trace != null) {
      writeTrace(fresh, 0, trace);
    }
    lastTrace = trace;
    fresh.markWritten(0);
    writeIndex = 1;
    PUBLISHED.setRelease(this, published + 1);
  }

  /**
   * A chunk the processing thread gave back to this lane, or null. The lane's producer is the only one that
   * pops (and the trim takes the whole stack at once), so a popped chunk cannot come back while a pop is
   * under way: the stack has no ABA problem.
   */
  private Chunk takeRecycled() {
    for (;;) {
      Chunk top = (Chunk) RECYCLED.getAcquire(this);
      if (top == null) {
        return null;
      }
      if (RECYCLED.compareAndSet(this, top, top.nextFree)) {
        top.nextFree = null;
        return top;
      }
    }
  }

  // ---- consumer side: the processing thread only ----

  /**
   * Gives a read chunk back to this lane's producer, which reuses it before asking the shared pool. The
   * processing thread does not clear it: the producer does as it takes it, pulling all its lines into its own
   * cache at once rather than one per event.
   */
  private void recycle(Chunk chunk) {
    for (;;) {
      Chunk top = (Chunk) RECYCLED.getAcquire(this);
      chunk.nextFree = top;
      if (RECYCLED.compareAndSet(this, top, chunk)) {
        return;
      }
    }
  }

  /** Takes back every chunk waiting in this lane's recycled stack (the runtime is idle). */
  void trimRecycled(ChunkPool pool) {
    Chunk chunk = (Chunk) RECYCLED.getAndSet(this, null);
    while (chunk != null) {
      Chunk next = chunk.nextFree;
      pool.give(chunk);
      chunk = next;
    }
  }

  /** Pairs published and not yet taken; reads the producer's line, so call it once per pass. */
  long available() {
    return (long) PUBLISHED.getAcquire(this) - consumed;
  }

  /** True when everything published so far has been taken. */
  boolean isEmpty() {
    return available() == 0;
  }

  /**
   * Hands published pairs to {@code sink} in order, at most {@code max}. Unless {@code everything} is set,
   * only the pairs of chunks the producer has filled are taken while it is still writing, so the processing
   * thread never reads a line the producer is about to write; once the producer has published nothing since
   * the last call, the rest is taken too.
   *
   * <p>Pairs are handed on in runs: a written slot and the unwritten slots after it, which repeat its
   * recorder, event and trace context, go to the sink in one call, {@link Sink#acceptRepeats} (a recorder fed
   * by one thread with an event it reuses gives runs of up to a chunk), so the per-pair work here (the bitmap,
   * the position, the call) is paid once per run. A pair whose successor is written, every pair in the
   * per-entity case, goes to {@link Sink#accept} as before. See docs/PERFORMANCE.md, "Runs handed on whole".
   *
   * <p>The read position is written back before each run is handed on (plain stores to this lane's
   * consumer fields): if the sink never returns (a hung metric), the processing thread that takes over
   * resumes after that run, and no pair is delivered twice; the sink keeps count of the pairs of the run it
   * has not delivered yet, for the takeover to count. Nothing is written after the sink returns but the
   * position of the next run (and the read-ahead's sum), so a thread abandoned in the sink unwinds without
   * touching the lane.
   *
   * @return how many pairs were taken
   */
  int drain(long max, boolean everything, Sink sink) {
    long published = (long) PUBLISHED.getAcquire(this);
    long start = consumed;
    long end = published;
    if (!everything && published != publishedSeen) {
      end = published & -Chunk.SIZE; // whole chunks only
    }
    publishedSeen = published;
    if (end - start > max) {
      end = start + max;
    }
    if (end <= start) {
      return 0;
    }
    Chunk chunk = readChunk;
    int index = readIndex;
    long position = start;
    DefaultRecorder current = index == 0 ? null : lastWritten(chunk, chunk.recorders, index);
    MetricEvent currentEvent = index == 0 ? null : lastWritten(chunk, chunk.events, index);
    TraceContext currentTrace = index == 0 || chunk.traces == null ? null : lastTrace(chunk, index);
    while (position < end) {
      if (index == Chunk.SIZE) {
        Chunk next = chunk.next; // non-null: the producer linked it before publishing what follows
        readChunk = next;
        readIndex = 0;
        recycle(chunk);
        chunk = next;
        index = 0;
        currentTrace = null; // a chunk starts without one
      }
      DefaultRecorder[] recorders = chunk.recorders;
      MetricEvent[] events = chunk.events;
      int limit = (int) Math.min(Chunk.SIZE, index + (end - position));
      int readTo = index;
      while (index < limit) {
        if (index >= readTo) {
          readTo = Math.min(index + READ_AHEAD, limit);
          readAheadSum += readAhead(recorders, index, readTo);
        }
        if (chunk.isWritten(index)) {
          DefaultRecorder recorder = recorders[index];
          if (recorder != null) {
            current = recorder;
          }
          MetricEvent event = events[index];
          if (event != null) {
            currentEvent = event;
          }
          TraceContext[] traces = chunk.traces;
          if (traces != null && traces[index] != null) {
            currentTrace = traces[index];
          }
        }
        // the following slot is written when the recorder changes with every pair (the per-entity case)
        int following = index + 1;
        int repeats = following == limit || chunk.isWritten(following)
            ? 1
            : chunk.nextWritten(following, limit) - index;
        index += repeats;
        position += repeats;
        readIndex = index;
        consumed = position;
        TraceContext trace = currentTrace == Chunk.NO_TRACE ? null : currentTrace;
        if (repeats == 1) {
          sink.accept(current, currentEvent, trace);
        } else {
          sink.acceptRepeats(current, currentEvent, trace, repeats);
        }
      }
    }
    return (int) (position - start);
  }

  /**
   * Reads the recorders written in slots {@code [from, to)} (see {@link #READ_AHEAD}); returns a sum of what it
   * read, which the caller keeps in {@code readAheadSum} so that the compiler keeps the reads.
   */
  private static int readAhead(DefaultRecorder[] recorders, int from, int to) {
    int sum = 0;
    for (int i = from; i < to; i++) {
      DefaultRecorder recorder = recorders[i];
      if (recorder != null) {
        sum += recorder.readAhead();
      }
    }
    return sum;
  }

  /**
   * The last reference written in {@code slots} before {@code index}: slot 0 of every chunk is written, so a
   * drain that starts inside a chunk (the pass before stopped there, or a hung call's loop did) finds the
   * recorder and the event of the pairs that follow.
   */
  private static <T> T lastWritten(Chunk chunk, T[] slots, int index) {
    for (int i = index - 1; ; i--) {
      T slot = slots[i];
      if (slot != null && chunk.isWritten(i)) {
        return slot;
      }
    }
  }

  /** The trace context in force before {@code index}: the last one written in the chunk, or none. */
  private static TraceContext lastTrace(Chunk chunk, int index) {
    for (int i = index - 1; i >= 0; i--) {
      TraceContext trace = chunk.traces[i];
      if (trace != null && chunk.isWritten(i)) {
        return trace;
      }
    }
    return null;
  }

  /** Pairs taken from this lane whose runtime-wide credits have not been given back yet. */
  long uncredited() {
    return consumed - credited;
  }

  /** Records that the credits of every pair taken so far were given back. */
  void credited() {
    credited = consumed;
  }

  /** Gives the lane's storage back; only once its owner is gone and everything it published was taken. */
  void release(ChunkPool pool) {
    trimRecycled(pool);
    Chunk chunk = readChunk;
    readChunk = null;
    writeChunk = null;
    while (chunk != null) {
      Chunk next = chunk.next;
      pool.give(chunk);
      chunk = next;
    }
  }

  /** Where the processing thread delivers what it takes from a lane. */
  interface Sink {
    /** Delivers one pair, with its trace context (null when it has none). */
    void accept(DefaultRecorder recorder, MetricEvent event, TraceContext trace);

    /** Delivers {@code count} (at least 2) pairs of one recorder, event and trace context, in a row. */
    default void acceptRepeats(DefaultRecorder recorder, MetricEvent event, TraceContext trace, int count) {
      for (int i = 0; i < count; i++) {
        accept(recorder, event, trace);
      }
    }
  }
}
