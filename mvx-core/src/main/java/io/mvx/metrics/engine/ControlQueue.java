package io.mvx.metrics.engine;

import io.mvx.metrics.MetricsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The queue of {@link Control}s from callers to the processing thread: any thread offers, the processing
 * thread polls them in batches. Offering never blocks; it wakes the processing thread if it announced a park.
 *
 * <p>When the processing thread ends it {@linkplain #close(MetricsException) closes} the queue and fails what
 * is left in it. A control offered while the queue closes is failed by whichever side sees it last (the
 * offerer re-checks after adding; failing a control twice is harmless), so no future waits forever.
 */
final class ControlQueue {

  private final ConcurrentLinkedQueue<Control> queue = new ConcurrentLinkedQueue<>();
  private final Handoff handoff;
  private volatile MetricsException closedWith;

  ControlQueue(Handoff handoff) {
    this.handoff = handoff;
  }

  /**
   * Queues a control and wakes the processing thread.
   *
   * @return false when the queue is closed (the control was failed with the closing reason)
   */
  boolean offer(Control control) {
    MetricsException closed = closedWith;
    if (closed != null) {
      fail(control, closed);
      return false;
    }
    queue.offer(control);
    closed = closedWith;
    if (closed != null) {
      // closed while this was being added: the closing drain may have missed it
      queue.remove(control);
      fail(control, closed);
      return false;
    }
    handoff.wakeConsumer();
    return true;
  }

  /** Moves every queued control into {@code batch}; processing thread only. */
  void pollAll(List<Control> batch) {
    Control control;
    while ((control = queue.poll()) != null) {
      batch.add(control);
    }
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  boolean isClosed() {
    return closedWith != null;
  }

  /** Refuses later controls and fails the queued ones; the processing thread calls it as it ends. */
  void close(MetricsException reason) {
    closedWith = reason;
    List<Control> left = new ArrayList<>();
    pollAll(left);
    left.forEach(control -> fail(control, reason));
  }

  private static void fail(Control control, MetricsException reason) {
    if (control instanceof Control.SnapshotRequest request) {
      request.completeExceptionally(reason);
    } else if (control instanceof Control.RecorderSnapshotRequest request) {
      request.completeExceptionally(reason);
    } else if (control instanceof Control.Stop stop) {
      stop.recorder().registry().failStop(stop.recorder(), reason);
    }
  }
}
