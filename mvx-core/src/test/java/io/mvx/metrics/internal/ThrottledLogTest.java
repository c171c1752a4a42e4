package io.mvx.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {

  private static final long WINDOW = 1_000;

  private final List<String> lines = new ArrayList<>();
  private final List<Throwable> causes = new ArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000);
  private final ThrottledLog log = new ThrottledLog(new Logger() {
    @Override
    public String getName() {
      return "capturing";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(level + " " + msg);
      causes.add(thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(level + " " + format);
      causes.add(null);
    }
  }, WINDOW, now::get);

  @Test
  void warn_logsOncePerKindAndWindow_thenReportsHowManyWereSuppressed() {
    assertThat(log.warn("conflict", "first", null)).isTrue();
    assertThat(log.warn("conflict", "second", null)).isFalse();
    assertThat(log.warn("conflict", "third", null)).isFalse();
    assertThat(log.warn("snapshot", "other kind", null)).isTrue();

    now.addAndGet(WINDOW - 1);
    assertThat(log.warn("conflict", "still silenced", null)).isFalse();
    now.addAndGet(1);
    assertThat(log.warn("conflict", "fourth", null)).isTrue();

    assertThat(lines).containsExactly(
        "WARNING first", "WARNING other kind", "WARNING fourth (3 similar suppressed)");
  }

  @Test
  void warn_passesTheCauseOn() {
    IllegalStateException cause = new IllegalStateException("boom");
    log.warn("snapshot", "failed", cause);
    assertThat(causes).containsExactly(cause);
  }
}
