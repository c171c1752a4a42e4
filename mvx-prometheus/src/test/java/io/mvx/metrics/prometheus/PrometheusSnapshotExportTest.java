package io.mvx.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mvx.metrics.internal.export.PrometheusExportNames;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.Type;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PrometheusSnapshotExportTest {

  private static final List<String> RECORDER = List.of("recorder");

  private final PrometheusSnapshotExport table = new PrometheusSnapshotExport();

  @ParameterizedTest
  @EnumSource(ValueKind.class)
  void theConventionsOccupiedNames_areTheNamesSimpleclientWritesForAFamily(ValueKind kind) {
    String[] simpleclient = new MetricFamilySamples("n_x", PrometheusSnapshotExport.type(kind), "help", List.of())
        .getNames();

    assertThat(PrometheusExportNames.occupiedNames("n_x", kind)).containsExactlyInAnyOrder(simpleclient);
  }

  @Test
  void counterSamples_endInTotal_familiesComeInTheOrderTheyWereOpened_emptyOnesAreLeftOut() {
    table.family("n_x", ValueKind.COUNTER, "help", "", RECORDER);
    table.family("n_empty", ValueKind.GAUGE, "help", "", RECORDER);
    table.family("n_g", ValueKind.GAUGE, "help", "", RECORDER);
    table.series("n_g", List.of("a"), 2, null, null, "a");
    table.series("n_x", List.of("a"), 1, null, null, "a");

    assertThat(table.familySamples()).extracting(family -> family.name).containsExactly("n_x", "n_g");
    assertThat(table.familySamples().get(0).samples).singleElement()
        .satisfies(sample -> assertThat(sample.name).isEqualTo("n_x_total"));
    assertThat(table.familySamples().get(0).type).isEqualTo(Type.COUNTER);
  }

  @Test
  void histogram_writesCumulativeBucketsWithLe_thenCountAndSum() {
    HistogramValue histogram = HistogramValue.of(new double[] {1, 2}, new long[] {1, 0, 2}, 7.5);
    table.family("n_h", ValueKind.HISTOGRAM, "help", "", RECORDER);

    table.series("n_h", List.of("a"), 3, histogram, null, "a");

    assertThat(table.familySamples()).singleElement().satisfies(family -> {
      assertThat(family.type).isEqualTo(Type.HISTOGRAM);
      assertThat(family.samples).extracting(sample -> sample.name, sample -> sample.labelNames,
              sample -> sample.labelValues, sample -> sample.value)
          .containsExactly(
              tuple("n_h_bucket", List.of("recorder", "le"), List.of("a", "1.0"), 1.0),
              tuple("n_h_bucket", List.of("recorder", "le"), List.of("a", "2.0"), 1.0),
              tuple("n_h_bucket", List.of("recorder", "le"), List.of("a", "+Inf"), 3.0),
              tuple("n_h_count", RECORDER, List.of("a"), 3.0),
              tuple("n_h_sum", RECORDER, List.of("a"), 7.5));
    });
  }
}
