package io.mvx.metrics.internal;

import io.mvx.metrics.TraceContext;

/**
 * A runtime's processing thread: it carries the {@link TraceContext} of the event being delivered, which
 * {@link TraceContext#current()} reads with no thread-local lookup.
 *
 * <p>Internal: not API, may change without notice.
 */
public final class ProcessingThread extends Thread {

  private TraceContext trace;

  /**
   * A daemon processing thread.
   *
   * @param task the processing loop
   * @param name the thread's name
   */
  public ProcessingThread(Runnable task, String name) {
    super(task, name);
    setDaemon(true);
  }

  /**
   * The trace context of the event being delivered.
   *
   * @return the trace context, or null
   */
  public TraceContext trace() {
    return trace;
  }

  /**
   * Sets the trace context of the event about to be delivered; this thread only.
   *
   * @param trace the trace context, or null once delivered
   */
  public void trace(TraceContext trace) {
    this.trace = trace;
  }
}
