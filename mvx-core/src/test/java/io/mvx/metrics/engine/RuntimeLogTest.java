package io.mvx.metrics.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.LogPolicy;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RuntimeLogTest {

  private final AtomicLong now = new AtomicLong();
  private final CapturingLogger logger = new CapturingLogger();

  @Test
  void throttled_logsTheFirstPerWindowAndCountsTheRest() {
    RuntimeLog log = new RuntimeLog(logger, LogPolicy.NORMAL, now::get);

    for (int i = 0; i < 5; i++) {
      log.throttled("handleEvent", "metric broke", new IllegalStateException());
    }
    log.throttled("snapshot", "snapshot broke", null);
    now.addAndGet(RuntimeLog.THROTTLE_WINDOW_NANOS);
    log.throttled("handleEvent", "metric broke", null);

    assertThat(logger.lines).containsExactly(
        "WARNING metric broke",
        "WARNING snapshot broke",
        "WARNING metric broke (4 similar suppressed)");
  }

  @Test
  void silent_logsNothingNotEvenErrors() {
    RuntimeLog log = new RuntimeLog(logger, LogPolicy.SILENT, now::get);
    log.lifecycle("started");
    log.recorderLifecycle("created");
    log.inspection("snapshot");
    log.throttled("handleEvent", "broke", null);
    log.error("failed", null);
    assertThat(logger.lines).isEmpty();
  }

  @Test
  void normal_logsLifecycleButNotReads_inspectionAddsReads() {
    RuntimeLog normal = new RuntimeLog(logger, LogPolicy.NORMAL, now::get);
    normal.lifecycle("started");
    normal.recorderLifecycle("created");
    normal.inspection("snapshot");
    assertThat(logger.lines).containsExactly("INFO started", "DEBUG created");

    logger.lines.clear();
    RuntimeLog inspection = new RuntimeLog(logger, LogPolicy.INSPECTION, now::get);
    inspection.inspection("snapshot");
    assertThat(logger.lines).containsExactly("DEBUG snapshot");
  }

  @Test
  void throttleWindow_isTenSeconds() {
    assertThat(RuntimeLog.THROTTLE_WINDOW_NANOS).isEqualTo(TimeUnit.SECONDS.toNanos(10));
  }

  /** A System.Logger that keeps "LEVEL message" lines; every level is enabled. */
  static final class CapturingLogger implements Logger {
    final List<String> lines = new ArrayList<>();

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
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(level + " " + format);
    }
  }
}
