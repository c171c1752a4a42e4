package io.mvx.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {

  private final CapturingLogger logger = new CapturingLogger();
  private final AtomicLong now = new AtomicLong(1_000);
  private final ThrottledLog log = new ThrottledLog(logger, now::get);

  @Test
  void warn_logsOncePerKindAndWindow_thenReportsHowManyWereSuppressed() {
    assertThat(log.warn("conflict", "first", null)).isTrue();
    assertThat(log.warn("conflict", "second", null)).isFalse();
    assertThat(log.warn("conflict", "third", null)).isFalse();
    assertThat(log.warn("snapshot", "other kind", null)).isTrue();

    now.addAndGet(ThrottledLog.WINDOW_NANOS);
    assertThat(log.warn("conflict", "fourth", null)).isTrue();

    assertThat(logger.entries()).extracting(CapturingLogger.Entry::message)
        .containsExactly("first", "other kind", "fourth (2 similar suppressed)");
  }

  @Test
  void warn_passesTheCauseOn() {
    IllegalStateException cause = new IllegalStateException("boom");

    log.warn("snapshot", "failed", cause);

    assertThat(logger.entries()).singleElement().satisfies(e -> assertThat(e.thrown()).isSameAs(cause));
  }
}
