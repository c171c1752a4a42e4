package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsExceptionTest {

  @Test
  void message_startsWithTheReasonCode_once() {
    MetricsException e = new MetricsException(MetricsException.RECORDER_NOT_FOUND, "'c-1': no such recorder",
        Map.of("recorderId", "c-1"));

    assertThat(e).hasMessage("RECORDER_NOT_FOUND: 'c-1': no such recorder");
    assertThat(e.reasonCode()).isEqualTo("RECORDER_NOT_FOUND");
    assertThat(new MetricsException(e.reasonCode(), e.getMessage(), Map.of())).hasMessage(e.getMessage());
    assertThat(e.toString()).isEqualTo("io.mvx.metrics.MetricsException: " + e.getMessage());
  }
}
