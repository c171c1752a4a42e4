package io.mvx.metrics.engine;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.internal.ThrottledLog;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.LongSupplier;

/**
 * The runtime's logging through {@link System.Logger}, filtered by its {@link LogPolicy}.
 *
 * <p>Errors are throttled per kind: the first of a kind is logged with its stack trace, the following
 * ones within {@link #THROTTLE_WINDOW_NANOS} are only counted, and the next one logged says how many
 * were suppressed. A metric that throws on every event therefore costs one log line per window.
 *
 * <p>Internal: not API, may change without notice.
 */
public final class RuntimeLog {

  static final long THROTTLE_WINDOW_NANOS = ThrottledLog.DEFAULT_WINDOW_NANOS;

  private final Logger logger;
  private final LogPolicy policy;
  private final ThrottledLog throttled;

  RuntimeLog(Logger logger, LogPolicy policy, LongSupplier nanoClock) {
    this.logger = logger;
    this.policy = policy;
    this.throttled = new ThrottledLog(logger, THROTTLE_WINDOW_NANOS, nanoClock);
  }

  static RuntimeLog create(String namespace, LogPolicy policy) {
    return new RuntimeLog(System.getLogger("io.mvx.metrics." + namespace), policy, System::nanoTime);
  }

  /** Runtime start and shutdown. */
  public void lifecycle(String message) {
    if (policy != LogPolicy.SILENT && logger.isLoggable(Level.INFO)) {
      logger.log(Level.INFO, message);
    }
  }

  /** Recorders created, stopped and removed. */
  public void recorderLifecycle(String message) {
    if (policy != LogPolicy.SILENT && logger.isLoggable(Level.DEBUG)) {
      logger.log(Level.DEBUG, message);
    }
  }

  /** Reads: snapshots, lookups and listings (only under {@link LogPolicy#INSPECTION}). */
  public void inspection(String message) {
    if (policy == LogPolicy.INSPECTION && logger.isLoggable(Level.DEBUG)) {
      logger.log(Level.DEBUG, message);
    }
  }

  /** A failure that needs attention now and is not repeated (e.g. a shutdown that timed out). */
  public void error(String message, Throwable cause) {
    if (policy != LogPolicy.SILENT) {
      logger.log(Level.ERROR, message, cause);
    }
  }

  /**
   * A failure that may repeat at event rate: logged at WARNING, at most once per window and kind.
   *
   * @param kind what failed, e.g. {@code "handleEvent"}; the throttle key
   */
  public void throttled(String kind, String message, Throwable cause) {
    if (policy != LogPolicy.SILENT) {
      throttled.warn(kind, message, cause);
    }
  }
}
