package io.mvx.metrics.engine;

import io.mvx.metrics.snapshot.MetricSnapshot;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The counters of a recorder, and how producers take a place in its queue.
 *
 * <p><b>The accept count.</b> {@link #acceptWord} holds the accepted events, with its sign bit
 * ({@link #CLOSED}) set while the recorder refuses events; a producer takes a place with a compare-and-set on
 * it, after it made sure its lane has room for the event (so a place once taken is never given back, and
 * the count is exact at every moment). When the compare-and-set fails because another thread got in first,
 * the recorder is contended: it grows
 * {@link AcceptStripe}s (once, {@link #STRIPES} of them), and from then on each thread adds to the stripe of
 * its lane, a cache line it has to itself (the way {@code LongAdder} grows cells). A recorder fed by one
 * thread, the per-entity case, never grows stripes and keeps its few bytes. Accepted events are the base
 * word plus the stripes, minus those a failed recorder {@linkplain #discarded discarded}.
 *
 * <p><b>The queue bound, and its slack.</b> A word or stripe accepts without looking further until its count
 * reaches its {@code limit}; there it sums the recorder (its pending events: accepted minus processed) and
 * either refuses the event (the queue holds {@code queueCapacity}) or grants itself the next
 * {@code min(GRANT, queueCapacity - pending)} places. So a recorder fed by one thread holds at most
 * {@code queueCapacity} pending events, and the grants other words and stripes hold at that moment can take
 * it beyond by at most {@code min(queueCapacity, GRANT)} events per further producer thread (per stripe at
 * most, threads that share a stripe share its grant): the slack API.md §7.2 allows, documented on
 * {@link io.mvx.metrics.RecorderOptions.Builder#queueCapacity(int)}. Nothing accepted is ever dropped, and
 * every call is counted exactly once: accepted, dropped or rejected.
 */
abstract class RecorderCounters extends RecorderConsumerCounters {

  /** The sign bit of an accept word: set while the recorder refuses events. */
  static final long CLOSED = Long.MIN_VALUE;
  /** Places a word or a stripe grants itself at once, at most; the slack per further producer thread. */
  static final int GRANT = 256;
  /** Stripes of a contended recorder: twice the processors, a power of two, at most 64. */
  static final int STRIPES =
      Math.min(64, Integer.highestOneBit(Math.max(1, 2 * Runtime.getRuntime().availableProcessors() - 1)) << 1);

  static final VarHandle ACCEPT;
  static final VarHandle PROCESSED;
  private static final VarHandle EXTRAS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ACCEPT = lookup.findVarHandle(RecorderCounters.class, "acceptWord", long.class);
      PROCESSED = lookup.findVarHandle(RecorderConsumerCounters.class, "processed", long.class);
      EXTRAS = lookup.findVarHandle(RecorderConsumerCounters.class, "extras", RecorderExtras.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Accepted events through the base word, plus {@link #CLOSED} while closed. */
  volatile long acceptWord = CLOSED;
  /**
   * The count up to which the base word accepts without a look at the whole recorder, as its low 32 bits: the
   * word stays within {@link #GRANT} below it, so {@code (int) word - acceptLimit} tells them apart (an int
   * here saves every per-entity recorder a word of heap).
   */
  int acceptLimit;
  /** The stripes of a contended recorder, or null; grown once, under the recorder's monitor. */
  volatile AcceptStripe[] stripes;

  /** The queue's capacity, {@code queueCapacity}. */
  abstract int capacity();

  /** Accepted events: every place taken, whatever the accept bits say now. */
  final long acceptedNow() {
    long accepted = (long) ACCEPT.getVolatile(this) & ~CLOSED;
    AcceptStripe[] grown = stripes;
    if (grown != null) {
      for (AcceptStripe stripe : grown) {
        accepted += stripe.accepted();
      }
    }
    RecorderExtras counters = extras;
    return counters == null ? accepted : accepted - counters.discarded;
  }

  // ---- the counters of slow paths, in an object of their own made at the first of them ----

  /** The recorder's extras, made now if it has none yet; any thread. */
  final RecorderExtras extras() {
    RecorderExtras counters = extras;
    if (counters == null) {
      counters = new RecorderExtras();
      if (!EXTRAS.compareAndSet(this, null, counters)) {
        counters = extras;
      }
    }
    return counters;
  }

  /**
   * {@link #extras}, read in plain mode: for the processing thread's read-ahead, which wants the line, not the
   * value, and must not order the reads after it (a volatile read is an acquire, a barrier on some processors).
   */
  final Object extrasPlain() {
    return EXTRAS.get(this);
  }

  /** Counts an event refused for a full queue or a full runtime; any thread. */
  final void countDropped() {
    RecorderExtras.DROPPED.getAndAdd(extras(), 1L);
  }

  /** Counts {@code count} events refused because the recorder was not running; any thread. */
  final void countRejected(long count) {
    RecorderExtras.REJECTED.getAndAdd(extras(), count);
  }

  /** Counts an exception thrown by the recorder's code; any thread. */
  final void countHandlerError() {
    RecorderExtras.HANDLER_ERRORS.getAndAdd(extras(), 1L);
  }

  /** Counts {@code count} accepted events of a failed recorder taken without delivery; processing thread. */
  final void countDiscarded(long count) {
    RecorderExtras.DISCARDED.getAndAdd(extras(), count);
  }

  final long dropped() {
    RecorderExtras counters = extras;
    return counters == null ? 0 : counters.dropped;
  }

  final long rejected() {
    RecorderExtras counters = extras;
    return counters == null ? 0 : counters.rejected;
  }

  /** What snapshots return once the recorder is stopped or failed. */
  final Map<String, MetricSnapshot> finalSnapshots() {
    RecorderExtras counters = extras;
    return counters == null ? Map.of() : counters.finalSnapshots;
  }

  /** The future of the stop under way, or null; under the recorder's monitor. */
  final CompletableFuture<Void> stopped() {
    RecorderExtras counters = extras;
    return counters == null ? null : counters.stopped;
  }

  final long handlerErrors() {
    RecorderExtras counters = extras;
    return counters == null ? 0 : counters.handlerErrors;
  }

  /** Accepted events not processed yet. */
  final long pendingNow() {
    return acceptedNow() - processed;
  }

  /**
   * Takes a place in the queue through the base word, or says why not. No place is ever taken and given
   * back: a refused call leaves no trace in the count, so accepted = processed + pending holds at every
   * moment, not only once producers are quiet.
   *
   * @return {@link #TAKEN}, {@link #REFUSED_CLOSED}, {@link #REFUSED_FULL} or {@link #CONTENDED} (another
   *     thread changed the word under this one: take a stripe)
   */
  final int admitBase() {
    long word = acceptWord;
    if (word < 0) {
      return REFUSED_CLOSED;
    }
    if ((int) word - acceptLimit >= 0 && !grant(word, null)) {
      return REFUSED_FULL;
    }
    if (ACCEPT.compareAndSet(this, word, word + 1)) {
      return TAKEN;
    }
    return acceptWord < 0 ? REFUSED_CLOSED : CONTENDED;
  }

  /** Takes a place through {@code stripe}, as {@link #admitBase} through the base word. */
  final int admitStripe(AcceptStripe stripe) {
    for (;;) {
      long word = stripe.word;
      if (word < 0) {
        return REFUSED_CLOSED;
      }
      if (word >= stripe.limit && !grant(word, stripe)) {
        return REFUSED_FULL;
      }
      if (AcceptStripe.WORD.compareAndSet(stripe, word, word + 1)) {
        return TAKEN; // retried only when threads that share the stripe meet on it
      }
    }
  }

  /**
   * Looks at the whole recorder: when its queue has room, lets the base word ({@code stripe} null) or the
   * stripe accept up to {@code min(GRANT, room)} more events before it looks again.
   *
   * @return false when the queue holds {@code queueCapacity} events or more
   */
  private boolean grant(long word, AcceptStripe stripe) {
    long room = capacity() - pendingNow();
    if (room <= 0) {
      return false;
    }
    long limit = word + Math.min(GRANT, room);
    if (stripe == null) {
      acceptLimit = (int) limit;
    } else {
      stripe.limit = limit;
    }
    return true;
  }

  /** {@link #admitBase} and {@link #admitStripe}: the event has its place. */
  static final int TAKEN = 0;
  /** The recorder is not accepting events. */
  static final int REFUSED_CLOSED = 1;
  /** The recorder's queue holds {@code queueCapacity} events. */
  static final int REFUSED_FULL = 2;
  /** The base word is contended: use the stripes. */
  static final int CONTENDED = 3;

  /** The stripes, grown on first contention; under the recorder's monitor, closed if the recorder is. */
  final AcceptStripe[] growStripes() {
    AcceptStripe[] grown = stripes;
    if (grown != null) {
      return grown;
    }
    synchronized (this) {
      grown = stripes;
      if (grown == null) {
        boolean closed = (long) ACCEPT.getVolatile(this) < 0;
        grown = new AcceptStripe[STRIPES];
        for (int i = 0; i < grown.length; i++) {
          grown[i] = new AcceptStripe(closed);
        }
        stripes = grown;
      }
    }
    return grown;
  }

  /** Refuses events from now on; under the recorder's monitor (so no stripe grows meanwhile). */
  final void closeAccept() {
    ACCEPT.getAndBitwiseOr(this, CLOSED);
    AcceptStripe[] grown = stripes;
    if (grown != null) {
      for (AcceptStripe stripe : grown) {
        AcceptStripe.WORD.getAndBitwiseOr(stripe, CLOSED);
      }
    }
  }

  /** Accepts events again; under the recorder's monitor. */
  final void openAccept() {
    AcceptStripe[] grown = stripes;
    if (grown != null) {
      for (AcceptStripe stripe : grown) {
        AcceptStripe.WORD.getAndBitwiseAnd(stripe, ~CLOSED);
      }
    }
    ACCEPT.getAndBitwiseAnd(this, ~CLOSED);
  }
}

/**
 * Written by the processing thread once per run of a recorder's events; and the counters of slow paths. No
 * padding: the processing thread reads a recorder's fields once per run (see {@link ProcessingLoop}), so the
 * line it shares with the accept word moves between cores once per run. In the per-entity case a run is one
 * event, and that transfer is paid per event: 21-24 ns per per-entity emit where a transfer between the two
 * cores takes ~60 ns, 77-97 ns where it takes ~240 ns (docs/PERFORMANCE.md, "Per entity: how far apart the two
 * vCPUs are"). Padding the two sides a pair of lines apart removed it (24-30 ns) for 96 bytes more per recorder
 * (329 against 233 bytes per series), and only until a collection moved the user's metrics next to the
 * recorders: not kept. Moving this count and the accept word into pages of slots, so that no one writes a
 * recorder per event, measured the same way as a prototype: 31-34 ns before a collection, 68-94 after one (the
 * user's metric beside the next recorder's header), 255 bytes per series: not kept either (docs/PERFORMANCE.md,
 * "Per entity: the counters moved off the recorder").
 */
abstract class RecorderConsumerCounters {
  /** Accepted events delivered to every metric. */
  volatile long processed;
  /** The counters of slow paths and the state of stops; null until the first of them. */
  volatile RecorderExtras extras;
}
