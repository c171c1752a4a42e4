package io.mvx.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusNamesTest {

  @Test
  void metricName_joinsWithUnderscores_andReplacesEveryOtherCharacterOncePerCodePoint() {
    assertThat(PrometheusNames.metricName("example.metrics", "document_storage.save.attempts", "success_total"))
        .isEqualTo("example_metrics_document_storage_save_attempts_success_total");
    assertThat(PrometheusNames.metricName("shop-eu 😀", "a", "b")).isEqualTo("shop_eu___a_b");
    assertThat(PrometheusNames.metricName("job:rate", "a", "b")).isEqualTo("job:rate_a_b");
  }

  @Test
  void sanitize_putsAnUnderscoreBeforeALeadingDigit() {
    assertThat(PrometheusNames.sanitize("9lives")).isEqualTo("_9lives");
    assertThat(PrometheusNames.sanitize("lives9")).isEqualTo("lives9");
  }

  @Test
  void counterFamily_dropsEveryTrailingTotal() {
    assertThat(PrometheusNames.counterFamily("n_m_total")).isEqualTo("n_m");
    assertThat(PrometheusNames.counterFamily("n_m_total_total")).isEqualTo("n_m");
    assertThat(PrometheusNames.counterFamily("n_m_bytes")).isEqualTo("n_m_bytes");
    assertThat(PrometheusNames.counterFamily("n_m_subtotal")).isEqualTo("n_m_subtotal");
  }

  @Test
  void unit_isTheBaseUnitOnlyWhenTheNameEndsInIt() {
    assertThat(PrometheusNames.unit("By", "n_rx_bytes")).isEqualTo("bytes");
    assertThat(PrometheusNames.unit("s", "n_wait_seconds")).isEqualTo("seconds");
    assertThat(PrometheusNames.unit("By", "n_rx")).isEmpty();
    assertThat(PrometheusNames.unit("ms", "n_wait_ms")).isEmpty();
    assertThat(PrometheusNames.unit("1", "n_ratio")).isEmpty();
  }
}
