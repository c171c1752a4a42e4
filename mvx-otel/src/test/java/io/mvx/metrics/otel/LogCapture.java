package io.mvx.metrics.otel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the adapter logs (System.Logger is backed by java.util.logging in tests). */
final class LogCapture implements AutoCloseable {
  private static final Logger LOGGER = Logger.getLogger(OtelLog.LOGGER_NAME);

  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      messages.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private LogCapture() {}

  static LogCapture start() {
    LogCapture capture = new LogCapture();
    LOGGER.addHandler(capture.handler);
    return capture;
  }

  /** Messages logged so far that contain {@code fragment}. */
  List<String> containing(String fragment) {
    return messages.stream().filter(message -> message.contains(fragment)).toList();
  }

  @Override
  public void close() {
    LOGGER.removeHandler(handler);
  }
}
