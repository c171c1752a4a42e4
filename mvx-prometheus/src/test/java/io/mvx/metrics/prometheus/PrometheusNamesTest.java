package io.mvx.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.internal.export.ExportUnit;
import io.mvx.metrics.snapshot.ValueKind;
import org.junit.jupiter.api.Test;

class PrometheusNamesTest {

  private static final ExportUnit NONE = ExportUnit.of("");

  @Test
  void familyName_joinsWithUnderscores_andReplacesEveryOtherCharacterOncePerCodePoint() {
    assertThat(PrometheusNames.familyName("example.metrics", "document_storage.save.attempts", "level",
        ValueKind.GAUGE, NONE)).isEqualTo("example_metrics_document_storage_save_attempts_level");
    assertThat(PrometheusNames.familyName("shop-eu 😀", "a", "b", ValueKind.GAUGE, NONE))
        .isEqualTo("shop_eu___a_b");
    assertThat(PrometheusNames.familyName("job:rate", "a", "b", ValueKind.GAUGE, NONE)).isEqualTo("job:rate_a_b");
  }

  @Test
  void sanitize_putsAnUnderscoreBeforeALeadingDigit() {
    assertThat(PrometheusNames.sanitize("9lives")).isEqualTo("_9lives");
    assertThat(PrometheusNames.sanitize("lives9")).isEqualTo("lives9");
  }

  @Test
  void counterFamily_dropsEveryTrailingTotal() {
    assertThat(PrometheusNames.familyName("n", "m", "total", ValueKind.COUNTER, NONE)).isEqualTo("n_m");
    assertThat(PrometheusNames.familyName("n", "m", "x_total_total", ValueKind.COUNTER, NONE)).isEqualTo("n_m_x");
    assertThat(PrometheusNames.familyName("n", "m", "subtotal", ValueKind.COUNTER, NONE)).isEqualTo("n_m_subtotal");
    assertThat(PrometheusNames.familyName("n", "m", "x_total", ValueKind.GAUGE, NONE)).isEqualTo("n_m_x_total");
  }

  @Test
  void unit_becomesTheSuffix_unlessTheNameEndsInItAlready() {
    assertThat(PrometheusNames.familyName("n", "rx", "bytes_total", ValueKind.COUNTER, ExportUnit.of("By")))
        .isEqualTo("n_rx_bytes");
    assertThat(PrometheusNames.familyName("n", "rx", "size", ValueKind.GAUGE, ExportUnit.of("By")))
        .isEqualTo("n_rx_size_bytes");
    assertThat(PrometheusNames.familyName("n", "wait", "ms", ValueKind.GAUGE, ExportUnit.of("ms")))
        .isEqualTo("n_wait_ms_milliseconds");
    assertThat(PrometheusNames.familyName("n", "hits", "ratio", ValueKind.GAUGE, ExportUnit.of("1")))
        .isEqualTo("n_hits_ratio");
    assertThat(PrometheusNames.familyName("n", "rate", "x", ValueKind.GAUGE, ExportUnit.of("req/s")))
        .isEqualTo("n_rate_x_req_s");
  }
}
