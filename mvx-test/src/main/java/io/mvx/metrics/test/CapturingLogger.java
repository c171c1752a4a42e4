package io.mvx.metrics.test;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link System.Logger} that keeps what it is given, to hand to a component that takes its logger (a
 * {@code ThrottledLog}) and assert on what it logged.
 */
public final class CapturingLogger implements System.Logger {

  /**
   * One logged message.
   *
   * @param level the level
   * @param message the message
   * @param thrown the throwable, or null
   */
  public record Entry(Level level, String message, Throwable thrown) {}

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  /** A logger that has captured nothing yet. */
  public CapturingLogger() {}

  /**
   * What was logged so far.
   *
   * @return the entries, in order
   */
  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  @Override
  public String getName() {
    return "capturing";
  }

  @Override
  public boolean isLoggable(Level level) {
    return true;
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    entries.add(new Entry(level, message, thrown));
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    entries.add(new Entry(level, params == null ? format : MessageFormat.format(format, params), null));
  }
}
