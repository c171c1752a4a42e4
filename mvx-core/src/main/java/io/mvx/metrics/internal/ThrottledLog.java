package io.mvx.metrics.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Warnings through {@link System.Logger}, at most one per kind and window; the next one logged says how
 * many were suppressed. A failure that repeats at event or scrape rate therefore costs one line per
 * window. Shared by the core and the adapters. Not API: this package may change without notice.
 */
public final class ThrottledLog {

  /** The window of {@link #create(String)}: ten seconds. */
  public static final long DEFAULT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Logger logger;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * A throttled log.
   *
   * @param logger where admitted messages go
   * @param windowNanos how long one message of a kind silences the others
   * @param nanoClock the clock measuring the window, {@code System::nanoTime} outside tests
   */
  public ThrottledLog(Logger logger, long windowNanos, LongSupplier nanoClock) {
    this.logger = logger;
    this.windowNanos = windowNanos;
    this.nanoClock = nanoClock;
  }

  /**
   * A throttled log to the {@link System.Logger} named {@code loggerName}, with the default window.
   *
   * @param loggerName the logger's name, usually the calling class's name
   * @return a throttled log with a window of {@link #DEFAULT_WINDOW_NANOS}
   */
  public static ThrottledLog create(String loggerName) {
    return new ThrottledLog(System.getLogger(loggerName), DEFAULT_WINDOW_NANOS, System::nanoTime);
  }

  /**
   * Logs {@code message} at WARNING unless a message of the same {@code kind} was logged within the window.
   *
   * @param kind what failed, e.g. {@code "snapshot"}; the throttle key
   * @param message the text to log; the number of messages suppressed since the last one is appended
   * @param cause the failure, or null
   * @return whether the message was logged
   */
  public boolean warn(String kind, String message, Throwable cause) {
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

  /** Admits one message per window and counts the others. */
  private final class Window {
    private boolean started;
    private long start;
    private long suppressed;

    /** The number suppressed since the last admitted message, or -1 when this one is suppressed. */
    synchronized long admit(long now) {
      if (started && now - start < windowNanos) {
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
