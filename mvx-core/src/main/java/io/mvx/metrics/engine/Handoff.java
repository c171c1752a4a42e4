package io.mvx.metrics.engine;

import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.TraceContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How events travel from producer threads to the processing thread: one {@link Lane} per producer thread
 * (found by the thread's id in a small array, or through a {@link ThreadLocal} when another living thread's
 * lane holds that slot), shared lanes for the producers that get none, the pool of chunks
 * they store pending events in, and the runtime-wide bound of pending events.
 *
 * <p><b>The runtime-wide bound.</b> At most {@code eventBufferCapacity} events are pending at once. A lane
 * takes credits from the runtime's budget in blocks and spends one per event; the processing thread gives
 * them back as it takes events. Only when the budget is empty does an event fail, and then only if no other
 * lane holds an unused credit either: a producer that finds credits idle in another lane borrows one instead
 * of dropping, so no event is dropped because of how the budget is split between lanes. The price is that the
 * pending count can pass the bound by the credits other lanes hold at that moment, at most
 * {@code block - 1} per lane.
 *
 * <p><b>Waking the processing thread.</b> A producer wakes the processing thread when it starts a new chunk,
 * or when the processing thread has announced a deep sleep after a while without work; otherwise the
 * processing thread comes back by itself after a short timed park. The sleep flag producers read on every
 * event sits alone on its cache lines and changes only when the processing thread falls asleep or wakes, so
 * reading it costs a producer no transfer between cores.
 *
 * <p><b>Lanes.</b> A thread gets a dedicated lane on its first event, up to {@link #MAX_DEDICATED_LANES};
 * virtual threads and the threads beyond the limit share {@link #SHARED_LANES} lanes, each taken under its
 * monitor, a thread always the same one (by its id, so its events stay in order). A virtual thread keeps no
 * thread-local: many are short-lived, and a first thread-local costs each one a map. Lanes of threads that
 * have ended are drained and given back by the processing thread, so many short-lived producer threads do not
 * mean growing memory.
 */
final class Handoff {

  /** Dedicated lanes at most; enough for every core of a large server to have several producers. */
  static final int MAX_DEDICATED_LANES = 256;
  /**
   * Shared lanes: twice the processors, rounded up to a power of two, at most 32; so that virtual threads
   * on different carriers seldom meet on one monitor.
   */
  static final int SHARED_LANES =
      Math.min(32, Integer.highestOneBit(Math.max(1, 2 * Runtime.getRuntime().availableProcessors() - 1)) << 1);
  /** Credits a lane takes from the budget at once, at most. */
  static final int MAX_CREDIT_BLOCK = 256;
  /** Slots of {@link #byThread}: a power of two, twice {@link #MAX_DEDICATED_LANES}. */
  static final int THREAD_SLOTS = 2 * MAX_DEDICATED_LANES;

  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
  private static final VarHandle PARKED;

  static {
    try {
      PARKED = MethodHandles.lookup().findVarHandle(Handoff.class, "parked", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ChunkPool pool = new ChunkPool();
  private final ThreadLocal<Lane> local = new ThreadLocal<>();
  /**
   * Dedicated lanes by their owner's thread id, in front of {@link #local}: a lookup here is an array read and
   * a compare of the lane's final owner, where a thread-local lookup walks the thread's map through a weak
   * reference. A slot holds the lane of the first living thread whose id falls on it; the threads whose id
   * collides with it fall back to the thread-local. Written under this object's monitor, read by producers
   * without one (a lane's owner is final, so a lane read here is whole).
   */
  private final Lane[] byThread = new Lane[THREAD_SLOTS];
  private final Lane[] shared = new Lane[SHARED_LANES];
  private final long capacity;
  private final int creditBlock;
  /** Credits not held by any lane; below zero while lanes borrow. */
  private final PaddedCounter budget;
  private final AtomicLong bufferFullDrops = new AtomicLong();
  /** The lanes the processing thread reads; replaced as a whole when one is added or released. */
  private volatile Lane[] lanes;
  private int dedicated;
  /** The stripe the next dedicated lane adds to, round robin; see {@link AcceptStripe}. */
  private int stripes;

  private volatile Thread consumer;
  private volatile int parked;
  /**
   * 1 while the processing thread sleeps deeply (idle for a while): producers read it on every event, and
   * it sits alone on its cache lines, written only when the processing thread falls asleep or wakes.
   */
  private final PaddedCounter sleeping = new PaddedCounter(0);

  Handoff(long capacity) {
    this.capacity = capacity;
    this.creditBlock = (int) Math.max(1, Math.min(MAX_CREDIT_BLOCK, capacity / 4096));
    this.budget = new PaddedCounter(capacity);
    for (int i = 0; i < SHARED_LANES; i++) {
      shared[i] = new Lane(null, i, pool.take());
    }
    this.lanes = shared.clone();
  }

  long capacity() {
    return capacity;
  }

  void consumer(Thread thread) {
    this.consumer = thread;
  }

  // ---- producers ----

  /**
   * Makes sure {@code lane} holds a credit for one more event, taking a block from the runtime's budget if it
   * must; the caller owns the lane (or holds a shared lane's monitor).
   *
   * @return false when the runtime already holds {@code eventBufferCapacity} pending events
   */
  boolean credit(Lane lane) {
    return lane.credits() != 0 || takeCredits(lane);
  }

  /** Counts an event dropped because the runtime was full. */
  void countBufferFull() {
    bufferFullDrops.incrementAndGet();
  }

  /** Appends a pair to {@code lane}, spending the credit {@link #credit} made sure of, and wakes the consumer. */
  void append(Lane lane, DefaultRecorder recorder, MetricEvent event, TraceContext trace) {
    if (lane.append(recorder, event, trace, pool) || sleeping.get() != 0) {
      wakeConsumer();
    }
  }

  /** The calling thread's lane, dedicated or shared. */
  Lane lane() {
    Thread thread = Thread.currentThread();
    Lane lane = byThread[slot(thread)];
    return lane != null && lane.owner == thread ? lane : laneAfterMiss(thread);
  }

  /** {@link #lane()} for a thread whose lane is not in {@link #byThread}. */
  private Lane laneAfterMiss(Thread thread) {
    if (isVirtual(thread)) {
      return sharedLane(thread);
    }
    Lane lane = local.get();
    return lane != null ? lane : register(thread);
  }

  private static int slot(Thread thread) {
    return (int) thread.getId() & (THREAD_SLOTS - 1);
  }

  /** The shared lane of {@code thread}: always the same one, so its events keep their order. */
  private Lane sharedLane(Thread thread) {
    return shared[(int) (thread.getId() & (SHARED_LANES - 1))];
  }

  private boolean takeCredits(Lane lane) {
    for (;;) {
      long available = budget.get();
      if (available <= 0) {
        break;
      }
      long block = Math.min(creditBlock, available);
      if (budget.compareAndSet(available, available - block)) {
        lane.addCredits((int) block);
        return true;
      }
    }
    // the budget is spent; if other lanes hold credits they are not using, beyond what was borrowed against
    // them already (the budget below zero), borrow one rather than drop
    long idle = 0;
    for (Lane other : lanes) {
      if (other != lane) {
        idle += other.credits();
      }
    }
    synchronized (budget) { // borrowers one at a time, so two cannot both take the last idle credit
      if (budget.get() + idle > 0) {
        budget.add(-1);
        lane.addCredits(1);
        return true;
      }
    }
    return false;
  }

  private Lane register(Thread thread) {
    Lane lane;
    synchronized (this) {
      if (dedicated >= MAX_DEDICATED_LANES) {
        lane = sharedLane(thread);
      } else {
        lane = new Lane(thread, stripes++, pool.take());
        Lane[] current = lanes;
        Lane[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = lane;
        lanes = grown;
        dedicated++;
        int slot = slot(thread);
        Lane there = byThread[slot];
        if (there == null || !there.owner.isAlive()) {
          byThread[slot] = lane;
        }
      }
    }
    local.set(lane);
    return lane;
  }

  /** Unparks the processing thread if it announced that it parks. */
  void wakeConsumer() {
    if (parked != 0 && PARKED.compareAndSet(this, 1, 0)) {
      sleeping.set(0);
      LockSupport.unpark(consumer);
    }
  }

  /** Events refused because the runtime-wide bound was reached. */
  long bufferFullDrops() {
    return bufferFullDrops.get();
  }

  // ---- the processing thread ----

  /** The lanes to read now. */
  Lane[] lanes() {
    return lanes;
  }

  ChunkPool pool() {
    return pool;
  }

  /** Gives back the credits of {@code count} events the processing thread has taken. */
  void returnCredits(long count) {
    if (count != 0) {
      budget.add(count);
    }
  }

  /** Releases the lanes of threads that have ended once everything they published has been taken. */
  void releaseEndedLanes() {
    Lane[] current = lanes;
    for (Lane lane : current) {
      if (!lane.isShared() && !lane.owner.isAlive() && lane.isEmpty()) {
        remove(lane);
      }
    }
  }

  private void remove(Lane lane) {
    synchronized (this) {
      Lane[] current = lanes;
      Lane[] smaller = new Lane[current.length - 1];
      int size = 0;
      for (Lane each : current) {
        if (each != lane) {
          smaller[size++] = each;
        }
      }
      lanes = smaller;
      dedicated--;
      int slot = slot(lane.owner);
      if (byThread[slot] == lane) {
        byThread[slot] = null;
      }
    }
    // the owner has ended (isAlive() read false after its last write), so its credits are final
    budget.add(lane.credits());
    lane.release(pool);
  }

  /** Takes back the chunks lanes hold for reuse and trims the pool; called when the runtime is idle. */
  void trim() {
    for (Lane lane : lanes) {
      lane.trimRecycled(pool);
    }
    pool.trim();
  }

  /** Announces that the processing thread is about to park; see {@link #wakeConsumer()}. */
  void announcePark() {
    PARKED.setVolatile(this, 1);
  }

  /**
   * Announces a deep sleep: unlike {@link #announcePark()}, producers then wake the processing thread on
   * their next event, not only when they start a new chunk.
   */
  void announceSleep() {
    sleeping.set(1);
    PARKED.setVolatile(this, 1);
  }

  /** Withdraws the announcement of a park or a sleep. */
  void cancelPark() {
    if (sleeping.get() != 0) {
      sleeping.set(0);
    }
    PARKED.setVolatile(this, 0);
  }

  /** Pending events, counted by the budget: accurate when no producer is between its two steps. */
  long pendingEstimate() {
    long held = 0;
    for (Lane lane : lanes) {
      held += lane.credits();
    }
    return Math.max(0, capacity - budget.get() - held);
  }

  /** Lanes in the by-thread cache now; for tests. */
  synchronized int cachedLanes() {
    int cached = 0;
    for (Lane lane : byThread) {
      if (lane != null) {
        cached++;
      }
    }
    return cached;
  }

  /** Dedicated lanes now (the shared lanes not included). */
  synchronized int dedicatedLanes() {
    return dedicated;
  }

  private static boolean isVirtual(Thread thread) {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable e) {
      return false;
    }
  }

  /** {@code Thread.isVirtual()} on Java 21 and later; null before. */
  private static MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}
