package io.mvx.metrics.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.snapshot.ValueKind;
import org.junit.jupiter.api.Test;

class InstrumentNamesTest {

  @Test
  void counterDimensionTotal_becomesTheMetricName() {
    assertThat(InstrumentNames.instrumentName("document_storage.save.attempts", "total", ValueKind.COUNTER))
        .isEqualTo("document_storage.save.attempts");
  }

  @Test
  void counterDimensionEndingInUnderscoreTotal_losesTheSuffix() {
    assertThat(InstrumentNames.instrumentName(
        "document_storage.save.attempts", "success_total", ValueKind.COUNTER))
        .isEqualTo("document_storage.save.attempts.success");
    assertThat(InstrumentNames.instrumentName("http", "requests.total", ValueKind.COUNTER))
        .isEqualTo("http.requests");
  }

  @Test
  void counterDimensionOnlyUnderscoreTotal_leavesNoTrailingDot() {
    assertThat(InstrumentNames.instrumentName("jobs", "_total", ValueKind.COUNTER)).isEqualTo("jobs");
  }

  @Test
  void wordsThatMerelyEndInTotal_areKept() {
    assertThat(InstrumentNames.instrumentName("cart", "subtotal", ValueKind.COUNTER))
        .isEqualTo("cart.subtotal");
  }

  @Test
  void gauges_keepTheirTotalSuffix() {
    assertThat(InstrumentNames.instrumentName("pool", "total", ValueKind.GAUGE)).isEqualTo("pool.total");
    assertThat(InstrumentNames.instrumentName("pool", "idle_total", ValueKind.GAUGE))
        .isEqualTo("pool.idle_total");
  }

  @Test
  void validNames_followTheOpenTelemetryRules() {
    assertThat(InstrumentNames.isValidName("a")).isTrue();
    assertThat(InstrumentNames.isValidName("Http.server-requests/active_total.2")).isTrue();
    assertThat(InstrumentNames.isValidName("a" + "b".repeat(254))).isTrue();

    assertThat(InstrumentNames.isValidName("")).isFalse();
    assertThat(InstrumentNames.isValidName("_private.depth")).isFalse();
    assertThat(InstrumentNames.isValidName("1st.value")).isFalse();
    assertThat(InstrumentNames.isValidName("a" + "b".repeat(255))).isFalse();
    assertThat(InstrumentNames.isValidName("queue depth")).isFalse();
    assertThat(InstrumentNames.isValidName("caf\u00e9.visits")).isFalse();
  }

  @Test
  void units_passThrough_exceptDimensionlessOne_andInvalidUnits() {
    assertThat(InstrumentNames.unit("By")).isEqualTo("By");
    assertThat(InstrumentNames.unit("ms")).isEqualTo("ms");
    assertThat(InstrumentNames.unit("{request}")).isEqualTo("{request}");
    assertThat(InstrumentNames.unit("1")).isEmpty();
    assertThat(InstrumentNames.unit("")).isEmpty();
    assertThat(InstrumentNames.unit("\u00b5s")).isNull();
    assertThat(InstrumentNames.unit("x".repeat(64))).isNull();
    assertThat(InstrumentNames.unit("x".repeat(63))).hasSize(63);
  }
}
