package io.mvx.metrics.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.snapshot.ValueKind;
import org.junit.jupiter.api.Test;

class ExportNamesTest {

  @Test
  void withoutTotal_stripsEveryTrailingTotal_butNeverLeavesNothing() {
    assertThat(ExportNames.withoutTotal("attempts.success_total")).isEqualTo("attempts.success");
    assertThat(ExportNames.withoutTotal("attempts.total")).isEqualTo("attempts");
    assertThat(ExportNames.withoutTotal("n_x_total_total")).isEqualTo("n_x");
    assertThat(ExportNames.withoutTotal("subtotal")).isEqualTo("subtotal");
    assertThat(ExportNames.withoutTotal("_total")).isEqualTo("_total");
    assertThat(ExportNames.withoutTotal("total")).isEqualTo("total");
    assertThat(ExportNames.withoutTotal("jobs._total")).isEqualTo("jobs");
  }

  @Test
  void valueName_dropsTheTotalOfCountersOnly() {
    assertThat(ExportNames.valueName("tcp.received", "bytes_total", ValueKind.COUNTER))
        .isEqualTo("tcp.received.bytes");
    assertThat(ExportNames.valueName("queue", "depth_total", ValueKind.GAUGE)).isEqualTo("queue.depth_total");
    assertThat(ExportNames.qualifiedValueName("app", "save.attempts", "total", ValueKind.COUNTER))
        .isEqualTo("app.save.attempts");
  }

  @Test
  void withUnit_addsTheUnitUnlessTheNameEndsWithIt() {
    assertThat(ExportNames.withUnit("app_rx", '_', "bytes")).isEqualTo("app_rx_bytes");
    assertThat(ExportNames.withUnit("app_rx_bytes", '_', "bytes")).isEqualTo("app_rx_bytes");
    assertThat(ExportNames.withUnit("app.rx", '.', "")).isEqualTo("app.rx");
  }

  @Test
  void runtimeStatistics_areNamedUnderMvxRuntime() {
    assertThat(RuntimeStatistic.ACCEPTED.dottedName()).isEqualTo("mvx.runtime.events.accepted");
    assertThat(RuntimeStatistic.HANDLER_ERRORS.dottedName()).isEqualTo("mvx.runtime.handler.errors");
    assertThat(RuntimeStatistic.skippedDottedName()).isEqualTo("mvx.runtime.collector.skipped");
  }
}
