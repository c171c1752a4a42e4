package io.mvx.metrics.otel;

import io.mvx.metrics.internal.ThrottledLog;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter's logging through {@link System.Logger} (logger {@code io.mvx.metrics.otel}).
 *
 * <p>Problems with one instrument name (invalid, conflicting) are logged once per name; failures that may
 * repeat at every collection are throttled to one line per kind and window, the next line saying how many
 * were suppressed.
 */
final class OtelLog {

  static final String LOGGER_NAME = "io.mvx.metrics.otel";
  /** Bounds the memory of "logged once" keys; past it, such problems are throttled instead. */
  private static final int MAX_ONCE_KEYS = 10_000;

  private final Logger logger = System.getLogger(LOGGER_NAME);
  private final String namespace;
  private final Set<String> onceKeys = ConcurrentHashMap.newKeySet();
  private final ThrottledLog throttled =
      new ThrottledLog(logger, ThrottledLog.DEFAULT_WINDOW_NANOS, System::nanoTime);

  OtelLog(String namespace) {
    this.namespace = namespace;
  }

  /** Logs {@code message} at WARNING the first time {@code key} is seen. */
  void once(String key, String message) {
    if (onceKeys.size() >= MAX_ONCE_KEYS) {
      throttled("once", message, null);
      return;
    }
    if (onceKeys.add(key) && logger.isLoggable(Level.WARNING)) {
      logger.log(Level.WARNING, prefix() + message);
    }
  }

  /** Logs at WARNING, at most once per window and {@code kind}. */
  void throttled(String kind, String message, Throwable cause) {
    throttled.warn(kind, prefix() + message, cause);
  }

  private String prefix() {
    return "mvx-otel [" + namespace + "]: ";
  }
}
