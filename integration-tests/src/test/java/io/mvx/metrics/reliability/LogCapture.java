package io.mvx.metrics.reliability;

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
 * ends in {@code java.util.logging} here (no other logging backend is on the test class path); every MVX
 * logger ({@code io.mvx.metrics.<namespace>}, {@code io.mvx.metrics.prometheus}, ...) is a child of
 * {@code io.mvx.metrics}.
 */
final class LogCapture implements AutoCloseable {

  private final Logger root = Logger.getLogger("io.mvx.metrics"); // held: JUL keeps loggers weakly
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

  LogCapture() {
    root.addHandler(handler);
  }

  /** The warnings and errors logged so far, as {@code logger: message} lines. */
  List<String> warnings() {
    List<String> lines = new ArrayList<>();
    for (LogRecord record : records) {
      lines.add(record.getLoggerName() + ": " + record.getMessage()
          + (record.getThrown() == null ? "" : " (" + record.getThrown() + ")"));
    }
    return lines;
  }

  @Override
  public void close() {
    root.removeHandler(handler);
  }
}
