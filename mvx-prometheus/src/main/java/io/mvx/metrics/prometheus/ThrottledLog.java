package io.mvx.metrics.prometheus;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Warnings through {@link System.Logger}, at most one per window and kind: a scrape that hits the same
 * problem every 15 seconds costs one log line per window, and the next line says how many were suppressed.
 */
final class ThrottledLog {

  static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Logger logger;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  ThrottledLog(Logger logger, LongSupplier nanoClock) {
    this.logger = logger;
    this.nanoClock = nanoClock;
  }

  static ThrottledLog create() {
    return new ThrottledLog(System.getLogger("io.mvx.metrics.prometheus"), System::nanoTime);
  }

  /**
   * Logs {@code message} at WARNING unless a message of the same {@code kind} was logged within the window.
   *
   * @return whether the message was logged
   */
  boolean warn(String kind, String message, Throwable cause) {
    if (!logger.isLoggable(Level.WARNING)) {
      return false;
    }
    long suppressed = windows.computeIfAbsent(kind, k -> new Window()).admit(nanoClock.getAsLong());
    if (suppressed < 0) {
      return false;
    }
    String text = suppressed == 0 ? message : message + " (" + suppressed + " similar suppressed)";
    if (cause == null) {
      logger.log(Level.WARNING, text);
    } else {
      logger.log(Level.WARNING, text, cause);
    }
    return true;
  }

  private static final class Window {
    private boolean started;
    private long start;
    private long suppressed;

    /** The number suppressed since the last admitted message, or -1 when this one is suppressed. */
    synchronized long admit(long now) {
      if (started && now - start < WINDOW_NANOS) {
        suppressed++;
        return -1;
      }
      started = true;
      start = now;
      long count = suppressed;
      suppressed = 0;
      return count;
    }
  }
}
