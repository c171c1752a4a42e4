package io.mvx.metrics.micrometer;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Warnings through {@link System.Logger}, at most one per kind and window; the next one logged says how
 * many were suppressed. A registry that fails on every read therefore costs one line per window.
 */
final class ThrottledLog {

  static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Logger logger = System.getLogger("io.mvx.metrics.micrometer");
  private final ConcurrentHashMap<String, Throttle> throttles = new ConcurrentHashMap<>();

  /**
   * Logs {@code message} at WARNING unless a message of the same {@code kind} was logged within the window.
   *
   * @param kind what failed, e.g. {@code "snapshot"}; the throttle key
   */
  void warn(String kind, String message, Throwable cause) {
    if (!logger.isLoggable(Level.WARNING)) {
      return;
    }
    long suppressed = throttles.computeIfAbsent(kind, k -> new Throttle()).admit(System.nanoTime());
    if (suppressed >= 0) {
      String text = suppressed == 0 ? message : message + " (" + suppressed + " similar suppressed)";
      logger.log(Level.WARNING, text, cause);
    }
  }

  /** Admits one message per window and counts the others. */
  private static final class Throttle {
    private long suppressed;
    private long windowStart;
    private boolean started;

    /** The number suppressed since the last admitted message, or -1 when this one is suppressed. */
    synchronized long admit(long now) {
      if (started && now - windowStart < WINDOW_NANOS) {
        suppressed++;
        return -1;
      }
      started = true;
      windowStart = now;
      long count = suppressed;
      suppressed = 0;
      return count;
    }
  }
}
