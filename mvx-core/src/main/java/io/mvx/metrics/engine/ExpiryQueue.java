package io.mvx.metrics.engine;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Recorders with an idle timeout, by the time their idleness is next checked; processing thread only. Each
 * entry is queued at most once: the processing thread notes when a recorder last took an event
 * ({@link Entry#lastActive}) without touching the queue, and looks again only when the check is due.
 */
final class ExpiryQueue {

  /** The {@link Entry#deadline} of an entry that is not queued. */
  static final long NOT_QUEUED = Long.MIN_VALUE;

  /** When a recorder last took an event, and when its idleness is next checked. */
  static final class Entry {
    final DefaultRecorder recorder;
    final long timeoutNanos;
    /** When the processing thread last took an event of the recorder (ticker nanoseconds). */
    long lastActive;
    /** The check the entry is queued for, or {@link #NOT_QUEUED}. */
    long deadline = NOT_QUEUED;

    Entry(DefaultRecorder recorder, long timeoutNanos) {
      this.recorder = recorder;
      this.timeoutNanos = timeoutNanos;
    }
  }

  private final PriorityQueue<Entry> queue = new PriorityQueue<>(Comparator.comparingLong(entry -> entry.deadline));

  /** Queues the entry's next check, a timeout after it was last active, unless it is queued already. */
  void schedule(Entry entry) {
    if (entry.deadline == NOT_QUEUED) {
      entry.deadline = entry.lastActive + entry.timeoutNanos;
      queue.add(entry);
    }
  }

  /** When the next check is due, or {@code Long.MAX_VALUE} when none is queued. */
  long nextCheck() {
    Entry head = queue.peek();
    return head == null ? Long.MAX_VALUE : head.deadline;
  }

  /** True when a check is due at {@code now}. */
  boolean due(long now) {
    Entry head = queue.peek();
    return head != null && head.deadline - now <= 0;
  }

  /**
   * Runs the checks due at {@code now}. An entry no longer {@code watched} (removed, stopped) leaves the queue
   * (a restart queues it again); one with {@code pending} events is active, not idle; one active within its
   * timeout is queued again; the others are handed to {@code onIdle}.
   */
  void expire(long now, Predicate<DefaultRecorder> watched, ToLongFunction<DefaultRecorder> pending,
      Consumer<DefaultRecorder> onIdle) {
    Entry head;
    while ((head = queue.peek()) != null && head.deadline - now <= 0) {
      queue.poll();
      head.deadline = NOT_QUEUED;
      if (!watched.test(head.recorder)) {
        continue;
      }
      if (pending.applyAsLong(head.recorder) > 0) {
        head.lastActive = now;
      }
      if (now - head.lastActive < head.timeoutNanos) {
        schedule(head);
      } else {
        onIdle.accept(head.recorder);
      }
    }
  }

  int size() {
    return queue.size();
  }
}
