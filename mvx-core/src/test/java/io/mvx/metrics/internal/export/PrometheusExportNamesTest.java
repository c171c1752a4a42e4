package io.mvx.metrics.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.snapshot.ValueKind;
import org.junit.jupiter.api.Test;

class PrometheusExportNamesTest {

  @Test
  void familyName_sanitises_dropsACountersTotal_andAddsTheUnitOnce() {
    assertThat(PrometheusExportNames.familyName("example.metrics", "document_storage.save.attempts", "total",
        ValueKind.COUNTER, ExportUnit.of(""))).isEqualTo("example_metrics_document_storage_save_attempts");
    assertThat(PrometheusExportNames.familyName("n", "tcp.received", "bytes_total", ValueKind.COUNTER,
        ExportUnit.of("By"))).isEqualTo("n_tcp_received_bytes");
    assertThat(PrometheusExportNames.familyName("n", "save.duration", "average", ValueKind.GAUGE,
        ExportUnit.of("s"))).isEqualTo("n_save_duration_average_seconds");
    assertThat(PrometheusExportNames.familyName("n", "queue", "depth_total", ValueKind.GAUGE,
        ExportUnit.of("{item}"))).isEqualTo("n_queue_depth_total");
    assertThat(PrometheusExportNames.familyName("n", "latency", "seconds", ValueKind.HISTOGRAM,
        ExportUnit.of("s"))).isEqualTo("n_latency_seconds");
  }

  @Test
  void familyName_dropsEveryTrailingTotalOfACounterOnly_andSpellsUnknownUnitsInTheCharacterSet() {
    ExportUnit none = ExportUnit.of("");
    assertThat(PrometheusExportNames.familyName("n", "m", "x_total_total", ValueKind.COUNTER, none)).isEqualTo("n_m_x");
    assertThat(PrometheusExportNames.familyName("n", "m", "subtotal", ValueKind.COUNTER, none))
        .isEqualTo("n_m_subtotal");
    assertThat(PrometheusExportNames.familyName("n", "wait", "ms", ValueKind.GAUGE, ExportUnit.of("ms")))
        .isEqualTo("n_wait_ms_milliseconds");
    assertThat(PrometheusExportNames.familyName("n", "hits", "ratio", ValueKind.GAUGE, ExportUnit.of("1")))
        .isEqualTo("n_hits_ratio");
    assertThat(PrometheusExportNames.familyName("n", "rate", "x", ValueKind.GAUGE, ExportUnit.of("req/s")))
        .isEqualTo("n_rate_x_req_s");
  }

  @Test
  void sanitize_replacesEachForeignCodePointOnce_andGuardsALeadingDigit() {
    assertThat(PrometheusExportNames.sanitize("a.b-c:d")).isEqualTo("a_b_c:d");
    assertThat(PrometheusExportNames.sanitize("\uD83D\uDE00x")).isEqualTo("_x");
    assertThat(PrometheusExportNames.sanitize("9lives")).isEqualTo("_9lives");
    assertThat(PrometheusExportNames.sanitize("")).isEqualTo("_");
  }

  @Test
  void runtimeFamilies_areTheSanitisedDottedNames() {
    assertThat(PrometheusExportNames.runtimeFamily(RuntimeStatistic.ACCEPTED))
        .isEqualTo("mvx_runtime_events_accepted");
    assertThat(PrometheusExportNames.skippedFamily()).isEqualTo("mvx_runtime_collector_skipped");
  }

  @Test
  void occupiedNames_andSampleNames_followTheFamilyKind() {
    assertThat(PrometheusExportNames.occupiedNames("x", ValueKind.COUNTER))
        .containsExactly("x_total", "x_created", "x");
    assertThat(PrometheusExportNames.occupiedNames("x", ValueKind.GAUGE)).containsExactly("x");
    assertThat(PrometheusExportNames.occupiedNames("x", ValueKind.HISTOGRAM))
        .containsExactlyInAnyOrder("x", "x_bucket", "x_count", "x_sum", "x_created");
    assertThat(PrometheusExportNames.sampleName("x", ValueKind.COUNTER)).isEqualTo("x_total");
    assertThat(PrometheusExportNames.sampleName("x", ValueKind.HISTOGRAM)).isEqualTo("x_count");
    assertThat(PrometheusExportNames.sampleName("x", ValueKind.GAUGE)).isEqualTo("x");
  }
}
