package io.mvx.metrics;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The runtime's logging through {@link System.Logger}, filtered by its {@link LogPolicy}.
 *
 * <p>Errors are throttled per kind: the first of a kind is logged with its stack trace, the following
 * ones within {@link #THROTTLE_WINDOW_NANOS} are only counted, and the next one logged says how many
 * were suppressed. A metric that throws on every event therefore costs one log line per window.
 */
final class RuntimeLog {

  static final long THROTTLE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Logger logger;
  private final LogPolicy policy;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Throttle> throttles = new ConcurrentHashMap<>();

  RuntimeLog(Logger logger, LogPolicy policy, LongSupplier nanoClock) {
    this.logger = logger;
    this.policy = policy;
    this.nanoClock = nanoClock;
  }

  static RuntimeLog create(String namespace, LogPolicy policy) {
    return new RuntimeLog(System.getLogger("io.mvx.metrics." + namespace), policy, System::nanoTime);
  }

  /** Runtime start and shutdown. */
  void lifecycle(String message) {
    if (policy != LogPolicy.SILENT && logger.isLoggable(Level.INFO)) {
      logger.log(Level.INFO, message);
    }
  }

  /** Recorders created, stopped and removed. */
  void recorderLifecycle(String message) {
    if (policy != LogPolicy.SILENT && logger.isLoggable(Level.DEBUG)) {
      logger.log(Level.DEBUG, message);
    }
  }

  /** Reads: snapshots, lookups and listings (only under {@link LogPolicy#INSPECTION}). */
  void inspection(String message) {
    if (policy == LogPolicy.INSPECTION && logger.isLoggable(Level.DEBUG)) {
      logger.log(Level.DEBUG, message);
    }
  }

  /** A failure that needs attention now and is not repeated (e.g. a shutdown that timed out). */
  void error(String message, Throwable cause) {
    if (policy != LogPolicy.SILENT) {
      logger.log(Level.ERROR, message, cause);
    }
  }

  /**
   * A failure that may repeat at event rate: logged at WARNING, at most once per window and kind.
   *
   * @param kind what failed, e.g. {@code "handleEvent"}; the throttle key
   */
  void throttled(String kind, String message, Throwable cause) {
    if (policy == LogPolicy.SILENT || !logger.isLoggable(Level.WARNING)) {
      return;
    }
    long suppressed = throttles.computeIfAbsent(kind, k -> new Throttle()).admit(nanoClock.getAsLong());
    if (suppressed < 0) {
      return;
    }
    String text = suppressed == 0 ? message : message + " (" + suppressed + " similar suppressed)";
    if (cause == null) {
      logger.log(Level.WARNING, text);
    } else {
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
      if (started && now - windowStart < THROTTLE_WINDOW_NANOS) {
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
