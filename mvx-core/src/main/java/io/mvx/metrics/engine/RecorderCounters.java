package io.mvx.metrics.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters of a recorder, and nothing else, laid out so that the two threads of an event never write one
 * cache line: the processing thread's counters first, then counters nobody writes per event, which double as
 * the padding, then the accept word producers add to per event. HotSpot places a superclass's fields before
 * its subclass's, so {@link DefaultRecorder} adds its own fields after these and cannot land a field between
 * them by mistake (the way Caffeine's {@code BoundedBuffer} keeps its counters in a header class).
 *
 * <p>{@link #acceptWord} holds the count of accepted events, with its sign bit ({@link #CLOSED}) set while
 * the recorder does not accept events.
 */
abstract class RecorderCounters extends RecorderColdCounters {

  /** The sign bit of the accept word: set while the recorder refuses events. */
  static final long CLOSED = Long.MIN_VALUE;

  static final VarHandle ACCEPT;
  static final VarHandle PROCESSED;
  static final VarHandle HANDLER_ERRORS;
  static final VarHandle DROPPED;
  static final VarHandle REJECTED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ACCEPT = lookup.findVarHandle(RecorderCounters.class, "acceptWord", long.class);
      PROCESSED = lookup.findVarHandle(RecorderConsumerCounters.class, "processed", long.class);
      HANDLER_ERRORS = lookup.findVarHandle(RecorderConsumerCounters.class, "handlerErrors", long.class);
      DROPPED = lookup.findVarHandle(RecorderColdCounters.class, "dropped", long.class);
      REJECTED = lookup.findVarHandle(RecorderColdCounters.class, "rejected", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Accepted events, plus {@link #CLOSED} while closed; producers add to it per event. */
  volatile long acceptWord = CLOSED;
  /** A recent value of {@code processed}: producers read the processing thread's line only when it says full. */
  long processedSeen;

  /** Accepted events whatever the accept bit says; a racing refused call may add a transient one. */
  final long acceptedNow() {
    return (long) ACCEPT.getVolatile(this) & ~CLOSED;
  }

  /** Accepted events not processed yet; exact once no producer is between its add and its take-back. */
  final long pendingNow() {
    return acceptedNow() - processed;
  }
}

/** Written by the processing thread, once per run of a recorder's events. */
abstract class RecorderConsumerCounters {
  /** Accepted events delivered to every metric (or, for a failed recorder, taken and counted as rejected). */
  volatile long processed;
  /** Exceptions thrown by the recorder's metrics, snapshots and listeners. */
  volatile long handlerErrors;
}

/**
 * Counters written only on slow paths (a full queue, a stopped recorder), plus padding: together at least a
 * cache line between the processing thread's counters and the accept word.
 */
abstract class RecorderColdCounters extends RecorderConsumerCounters {
  /** Events refused for a full queue or a full runtime. */
  volatile long dropped;
  /** Events refused because the recorder was not running. */
  volatile long rejected;
  long p0, p1, p2, p3;
}
