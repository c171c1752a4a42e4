package io.mvx.metrics.micrometer;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Changes that must be applied under a lock by threads that must never wait for it (the runtime's
 * processing thread, which a lock holder may be waiting for). A change is queued, then applied by whichever
 * thread holds the lock next: the adding thread when the lock is free, else the holder as it unlocks. A
 * holder checks the queue after unlocking, so no change is left behind.
 */
final class PendingChanges {

  private final ReentrantLock lock;
  private final Consumer<Runnable> applier;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();

  PendingChanges(ReentrantLock lock, Consumer<Runnable> applier) {
    this.lock = lock;
    this.applier = applier;
  }

  /** Queues {@code change} and applies the queue if the lock is free; never waits. */
  void add(Runnable change) {
    queue.add(change);
    if (!lock.isHeldByCurrentThread() && lock.tryLock()) {
      unlockAndApply();
    }
  }

  /** Applies the queued changes, then unlocks; repeats while changes arrive and the lock is free. */
  void unlockAndApply() {
    do {
      try {
        Runnable change;
        while ((change = queue.poll()) != null) {
          applier.accept(change);
        }
      } finally {
        lock.unlock();
      }
    } while (!queue.isEmpty() && lock.tryLock());
  }
}
