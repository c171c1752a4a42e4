package io.mvx.metrics.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the MVX modules log at WARNING and above. They log through {@link System.Logger}, which
 * ends in {@code java.util.logging} in tests (no other logging backend is on the test class path); every
 * MVX logger ({@code io.mvx.metrics.<namespace>}, {@code io.mvx.metrics.prometheus}, ...) is a child of
 * {@code io.mvx.metrics}.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *   ...
 *   assertThat(logs.containing("not a valid OpenTelemetry instrument name")).hasSize(1);
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

  private final Logger root; // held: JUL keeps loggers weakly
  private final Queue<LogRecord> records = new ConcurrentLinkedQueue<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        records.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private LogCapture(String loggerName) {
    root = Logger.getLogger(loggerName);
    root.addHandler(handler);
  }

  /**
   * Starts capturing what every MVX logger logs.
   *
   * @return the capture; close it to stop
   */
  public static LogCapture start() {
    return start("io.mvx.metrics");
  }

  /**
   * Starts capturing what {@code loggerName} and its children log.
   *
   * @param loggerName e.g. {@code io.mvx.metrics.otel}
   * @return the capture; close it to stop
   */
  public static LogCapture start(String loggerName) {
    return new LogCapture(loggerName);
  }

  /**
   * The warnings and errors logged so far, as {@code logger: message} lines.
   *
   * @return the lines
   */
  public List<String> warnings() {
    List<String> lines = new ArrayList<>();
    for (LogRecord record : records) {
      lines.add(record.getLoggerName() + ": " + record.getMessage()
          + (record.getThrown() == null ? "" : " (" + record.getThrown() + ")"));
    }
    return lines;
  }

  /**
   * The messages logged so far that contain {@code fragment}.
   *
   * @param fragment a part of a message
   * @return the messages
   */
  public List<String> containing(String fragment) {
    List<String> messages = new ArrayList<>();
    for (LogRecord record : records) {
      if (record.getMessage().contains(fragment)) {
        messages.add(record.getMessage());
      }
    }
    return messages;
  }

  @Override
  public void close() {
    root.removeHandler(handler);
  }
}
