package io.mvx.metrics.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A prototype of the alternative contract, for measurement only (not the library): each producer thread's
 * buffer is the unit of bounding, and a recorder's {@code accepted} is counted by the processing thread as
 * it takes events in. The producer then executes no locked instruction per event: it writes its own slot
 * and its own published count, and reads the processing thread's position only when its cached copy says
 * the buffer is full.
 *
 * <p>What it gives up, measured against in {@link PrototypeEmitBenchmark}: no per-recorder bound (one noisy
 * recorder fills its producers' buffers and delays, or drops, the events of every other recorder those
 * threads emit to), and {@code accepted} only shows what the processing thread has taken, so between the
 * call and the take an event is counted nowhere.
 */
final class LaneBoundPrototype implements AutoCloseable {

  static final int CAPACITY = 1 << 14; // per producer thread, a power of two

  private static final VarHandle PUBLISHED;
  private static final VarHandle CONSUMED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PUBLISHED = lookup.findVarHandle(LaneProducer.class, "published", long.class);
      CONSUMED = lookup.findVarHandle(LaneConsumer.class, "consumed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final CopyOnWriteArrayList<Lane> lanes = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Lane> local = ThreadLocal.withInitial(this::newLane);
  private final Thread consumer;
  private volatile boolean running = true;

  LaneBoundPrototype() {
    consumer = new Thread(this::consume, "prototype.processing");
    consumer.setDaemon(true);
    consumer.start();
  }

  /** A recorder of the prototype: one counter the processing thread increments. */
  static final class Recorder {
    long processed; // processing thread only
    volatile long processedPublished;
  }

  /** Emits one event for {@code recorder}; false when the calling thread's buffer is full (a drop). */
  boolean emit(Recorder recorder) {
    Lane lane = local.get();
    long next = lane.published;
    if (next - lane.consumedSeen >= CAPACITY) {
      lane.consumedSeen = (long) CONSUMED.getAcquire(lane);
      if (next - lane.consumedSeen >= CAPACITY) {
        lane.dropped++;
        return false;
      }
    }
    lane.slots[(int) next & (CAPACITY - 1)] = recorder;
    PUBLISHED.setRelease(lane, next + 1);
    return true;
  }

  /** Waits until every event published so far has been processed. */
  void drain() {
    for (Lane lane : lanes) {
      long target = (long) PUBLISHED.getAcquire(lane);
      while ((long) CONSUMED.getAcquire(lane) < target) {
        LockSupport.unpark(consumer);
        Thread.onSpinWait();
      }
    }
  }

  long dropped() {
    long dropped = 0;
    for (Lane lane : lanes) {
      dropped += lane.dropped;
    }
    return dropped;
  }

  private Lane newLane() {
    Lane lane = new Lane();
    lanes.add(lane);
    return lane;
  }

  private void consume() {
    int idle = 0;
    while (running) {
      boolean took = false;
      for (Lane lane : lanes) {
        long end = (long) PUBLISHED.getAcquire(lane);
        long start = lane.consumed;
        if (end == start) {
          continue;
        }
        took = true;
        for (long i = start; i < end; i++) {
          int index = (int) i & (CAPACITY - 1);
          Recorder recorder = (Recorder) lane.slots[index];
          recorder.processed++;
        }
        CONSUMED.setRelease(lane, end);
      }
      if (took) {
        idle = 0;
      } else if (++idle > 1_000) {
        LockSupport.parkNanos(50_000);
      } else {
        Thread.onSpinWait();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(consumer);
  }

  /** Padding before the producer's fields. */
  abstract static class LanePad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
  }

  /** What the producer writes. */
  abstract static class LaneProducer extends LanePad0 {
    volatile long published;
    long consumedSeen;
    long dropped;
  }

  /** Padding between the two sides. */
  abstract static class LanePad1 extends LaneProducer {
    long p10, p11, p12, p13, p14, p15, p16, p17;
  }

  /** What the processing thread writes. */
  abstract static class LaneConsumer extends LanePad1 {
    volatile long consumed;
    long p20, p21, p22, p23, p24, p25, p26, p27;
  }

  /** One producer thread's ring. */
  static final class Lane extends LaneConsumer {
    final Object[] slots = new Object[CAPACITY];
  }
}
