package io.mvx.metrics.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the processing thread's calls into user code: one that keeps {@link ProcessingLoop#progress} at one
 * odd value for the handler timeout is hung, and {@link Engine#takeOverIfHung} hands the work to a new
 * processing thread. One daemon thread per runtime, named {@code <namespace>.metrics_watchdog}, that looks
 * every eighth of the handler timeout (at least every millisecond) and ends with the runtime.
 */
final class Watchdog implements Runnable {

  private final Engine engine;
  private final long timeoutNanos;
  private final long tickNanos;
  private volatile boolean stopped;
  private volatile Thread thread;

  Watchdog(Engine engine, long timeoutNanos) {
    this.engine = engine;
    this.timeoutNanos = timeoutNanos;
    this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), timeoutNanos / 8);
  }

  void start(String namespace) {
    Thread started = new Thread(this, namespace + ".metrics_watchdog");
    started.setDaemon(true);
    thread = started;
    started.start();
  }

  void stop() {
    stopped = true;
    Thread current = thread;
    if (current != null) {
      LockSupport.unpark(current);
    }
  }

  @Override
  public void run() {
    ProcessingLoop watched = null;
    long seen = 0;
    long since = 0;
    while (!stopped) {
      LockSupport.parkNanos(this, tickNanos);
      ProcessingLoop loop = engine.currentLoop();
      if (loop == null) {
        continue;
      }
      long progress = loop.calls.progress;
      long now = System.nanoTime();
      if ((progress & 1) == 0 || loop != watched || progress != seen) {
        watched = loop;
        seen = progress;
        since = now;
      } else if (now - since >= timeoutNanos) {
        engine.takeOverIfHung(loop, progress, now - since);
        watched = null;
      }
    }
  }
}
