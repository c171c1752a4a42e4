package io.mvx.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one exception type of the library: unchecked, with a stable {@link #reasonCode()} and structured
 * {@link #details()}.
 *
 * <pre>{@code
 * try {
 *   runtime.createRecorder("connection-001");
 * } catch (MetricsException e) {
 *   if (MetricsException.RECORDER_ALREADY_EXISTS.equals(e.reasonCode())) { ... }
 * }
 * }</pre>
 */
public class MetricsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The runtime is not in a state that allows the call. */
  public static final String INVALID_RUNTIME_STATE = "INVALID_RUNTIME_STATE";
  /** The processing thread could not be started. */
  public static final String STARTUP_ERROR = "STARTUP_ERROR";
  /** Shutdown could not drain and stop everything within its bound. */
  public static final String SHUTDOWN_ERROR = "SHUTDOWN_ERROR";
  /** A blocking call waited longer than the runtime's operation timeout. */
  public static final String OPERATION_TIMEOUT = "OPERATION_TIMEOUT";
  /** A recorder with that id is already registered in the runtime. */
  public static final String RECORDER_ALREADY_EXISTS = "RECORDER_ALREADY_EXISTS";
  /** No recorder with that id is registered in the runtime. */
  public static final String RECORDER_NOT_FOUND = "RECORDER_NOT_FOUND";
  /** The recorder listener's {@code onStarting} threw. */
  public static final String RECORDER_STARTUP_ERROR = "RECORDER_STARTUP_ERROR";
  /** The recorder could not be drained and stopped. */
  public static final String RECORDER_STOP_ERROR = "RECORDER_STOP_ERROR";
  /** The recorder is not in a state that allows the call. */
  public static final String INVALID_RECORDER_STATE = "INVALID_RECORDER_STATE";
  /** The recorder's queue is full under {@link OverflowPolicy#RAISE_ERROR}. */
  public static final String QUEUE_OVERFLOW = "QUEUE_OVERFLOW";
  /** A metric with that name is already registered in the recorder. */
  public static final String METRIC_ALREADY_REGISTERED = "METRIC_ALREADY_REGISTERED";
  /** The runtime already holds {@code maxRecorders} recorders. */
  public static final String RECORDER_LIMIT_EXCEEDED = "RECORDER_LIMIT_EXCEEDED";

  /** The stable reason code, one of the constants of this class. */
  private final String reasonCode;
  private final transient Map<String, Object> details;

  /**
   * Creates an exception.
   *
   * @param reasonCode one of the constants of this class
   * @param message what went wrong, naming the values involved; the exception's message is this text after
   *     the reason code and a colon ({@code RECORDER_NOT_FOUND: ...}), so a log line shows the code
   * @param details structured context (recorder id, states, ...); copied, order kept
   * @param cause the underlying failure, or null
   */
  public MetricsException(
      String reasonCode, String message, Map<String, ?> details, Throwable cause) {
    super(prefixed(Objects.requireNonNull(reasonCode, "reasonCode"), message), cause);
    this.reasonCode = reasonCode;
    this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * Creates an exception without a cause.
   *
   * @param reasonCode one of the constants of this class
   * @param message what went wrong, naming the values involved; prefixed with the reason code and a colon
   * @param details structured context (recorder id, states, ...); copied, order kept
   */
  public MetricsException(String reasonCode, String message, Map<String, ?> details) {
    this(reasonCode, message, details, null);
  }

  private static String prefixed(String reasonCode, String message) {
    String prefix = reasonCode + ": ";
    return message == null ? reasonCode : message.startsWith(prefix) ? message : prefix + message;
  }

  /**
   * The stable reason code, e.g. {@link #RECORDER_NOT_FOUND}.
   *
   * @return the reason code
   */
  public String reasonCode() {
    return reasonCode;
  }

  /**
   * Structured context of the failure; unmodifiable.
   *
   * @return the details, empty when there are none
   */
  public Map<String, Object> details() {
    return details == null ? Map.of() : details;
  }

  @Override
  public String toString() {
    return getClass().getName() + ": " + getMessage();
  }
}
