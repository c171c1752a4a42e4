package io.mvx.metrics.prometheus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScrapeDeadlineTest {

  @Test
  void fromHeader_leavesAMarginForWritingTheResponse() {
    assertThat(ScrapeDeadline.fromHeader("10")).isEqualTo(Duration.ofMillis(8_500));
    assertThat(ScrapeDeadline.fromHeader(" 1.5 ")).isEqualTo(Duration.ofMillis(1_275));
  }

  @Test
  void fromHeader_neverGoesBelowTheFloor() {
    assertThat(ScrapeDeadline.fromHeader("0.01")).isEqualTo(ScrapeDeadline.FLOOR);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "ten", "0", "-1", "NaN", "Infinity", "1e300"})
  void fromHeader_withoutAUsableValue_givesNoDeadline(String value) {
    assertThat(ScrapeDeadline.fromHeader(value)).isNull();
  }

  @Test
  void current_outsideAScopedHandler_isNone() {
    assertThat(ScrapeDeadline.current()).isNull();
  }
}
