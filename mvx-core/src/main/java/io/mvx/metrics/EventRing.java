package io.mvx.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The runtime's hand-off from any number of producer threads to its one processing thread: a bounded,
 * array-based multi-producer / single-consumer ring of (recorder, item) pairs.
 *
 * <p>A producer claims a sequence with one CAS on {@code tail}, writes the pair into its two slots and
 * publishes the item slot with a release store; nothing is allocated. The consumer reads slots in sequence
 * order, clears them and moves {@code head} past each one before handling it. It parks when the ring is empty, and
 * a producer unparks it only when it has announced that it parks.
 *
 * <p>Closing sets the sign bit of {@code tail}: later offers fail, and every sequence claimed before stays
 * drainable.
 */
final class EventRing extends EventRingConsumerFields {

  static final int OK = 0;
  static final int FULL = 1;
  static final int CLOSED = 2;

  private static final long CLOSED_BIT = Long.MIN_VALUE;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final VarHandle TAIL;
  private static final VarHandle HEAD;
  private static final VarHandle PARKED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TAIL = lookup.findVarHandle(EventRingProducerFields.class, "tail", long.class);
      HEAD = lookup.findVarHandle(EventRingConsumerFields.class, "head", long.class);
      PARKED = lookup.findVarHandle(EventRingProducerFields.class, "parked", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object[] slots;
  private final long capacity;
  private final int mask;
  private volatile Thread consumer;

  EventRing(int requestedCapacity) {
    int size = requestedCapacity <= 2 ? 2 : Integer.highestOneBit(requestedCapacity - 1) << 1;
    this.capacity = size;
    this.mask = size - 1;
    this.slots = new Object[size * 2];
  }

  /** The number of pairs the ring holds. */
  long capacity() {
    return capacity;
  }

  void consumer(Thread thread) {
    this.consumer = thread;
  }

  /**
   * Offers a pair from any thread.
   *
   * @return {@link #OK}, {@link #FULL} or {@link #CLOSED}
   */
  int offer(Object target, Object item) {
    long sequence;
    do {
      sequence = (long) TAIL.getVolatile(this);
      if (sequence < 0) {
        return CLOSED;
      }
      if (sequence - headCache >= capacity) {
        long currentHead = head;
        headCache = currentHead;
        if (sequence - currentHead >= capacity) {
          return FULL;
        }
      }
    } while (!TAIL.compareAndSet(this, sequence, sequence + 1));
    int index = index(sequence);
    slots[index] = target;
    SLOTS.setRelease(slots, index + 1, item);
    wakeConsumer();
    return OK;
  }

  /** Unparks the consumer if it announced that it parks. */
  void wakeConsumer() {
    if (parked != 0 && PARKED.compareAndSet(this, 1, 0)) {
      LockSupport.unpark(consumer);
    }
  }

  // ---- consumer side: only the processing thread calls these ----

  /** The item published at {@code sequence}, or null when that slot is not (yet) published. */
  Object item(long sequence) {
    return SLOTS.getAcquire(slots, index(sequence) + 1);
  }

  /** The target stored with the item at {@code sequence}; read after {@link #item} returned non-null. */
  Object target(long sequence) {
    return slots[index(sequence)];
  }

  /** Clears the slots of {@code sequence}; {@link #head(long)} hands them back to producers. */
  void clear(long sequence) {
    int index = index(sequence);
    slots[index] = null;
    slots[index + 1] = null;
  }

  long head() {
    return head;
  }

  /** Publishes that every sequence below {@code sequence} is consumed (a release store, no fence). */
  void head(long sequence) {
    HEAD.setRelease(this, sequence);
  }

  /** The next sequence a producer would claim, whether or not the ring is closed. */
  long tail() {
    return (long) TAIL.getVolatile(this) & ~CLOSED_BIT;
  }

  /** Refuses every later offer; sequences claimed before stay drainable up to the returned tail. */
  long close() {
    long sequence = (long) TAIL.getAndBitwiseOr(this, CLOSED_BIT);
    return sequence & ~CLOSED_BIT;
  }

  boolean isClosed() {
    return (long) TAIL.getVolatile(this) < 0;
  }

  /**
   * Announces that the consumer is about to park. The consumer then re-checks for work ({@link #tail()} and
   * anything else a producer signals with {@link #wakeConsumer()}) and calls {@link #park()} only if there is
   * none: a producer that changed state before the announcement is seen by that re-check, one that changes
   * it after the announcement sees the announcement and unparks.
   */
  void announcePark() {
    PARKED.setVolatile(this, 1);
  }

  /** Parks until a producer unparks the consumer (or spuriously), then withdraws the announcement. */
  void park() {
    LockSupport.park(this);
    PARKED.setVolatile(this, 0);
  }

  /** Withdraws the announcement without parking. */
  void cancelPark() {
    PARKED.setVolatile(this, 0);
  }

  private int index(long sequence) {
    return ((int) sequence & mask) << 1;
  }
}

/** Padding before the producer-written fields, so they share no cache line with the object header. */
abstract class EventRingPad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

/**
 * Fields producers write, plus {@code parked}: producers read it on every offer and the consumer writes it
 * only when it parks, so it must not share a line with {@code head}, which the consumer writes per item.
 */
abstract class EventRingProducerFields extends EventRingPad0 {
  volatile long tail;
  volatile long headCache;
  volatile int parked;
}

/** Padding between producer- and consumer-written fields. */
abstract class EventRingPad1 extends EventRingProducerFields {
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** The field the consumer writes per item, padded away from what producers read. */
abstract class EventRingConsumerFields extends EventRingPad1 {
  volatile long head;
  long p20, p21, p22, p23, p24, p25, p26, p27;
}
