package io.mvx.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.ValueKind;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyTableTest {

  private static final List<String> RECORDER = List.of("recorder");

  private final FamilyTable table = new FamilyTable(true);

  @Test
  void add_firstSeriesFixesTheFamily_laterMisfitsAreRefusedWithTheirReason() {
    assertThat(add("n_x", ValueKind.COUNTER, RECORDER, List.of("a"))).isNull();
    assertThat(add("n_x", ValueKind.GAUGE, RECORDER, List.of("b"))).isEqualTo(SkipReason.KIND_CONFLICT);
    assertThat(add("n_x", ValueKind.COUNTER, List.of("recorder", "zone"), List.of("b", "eu")))
        .isEqualTo(SkipReason.LABEL_CONFLICT);
    assertThat(add("n_x", ValueKind.COUNTER, RECORDER, List.of("a"))).isEqualTo(SkipReason.DUPLICATE_SERIES);
    assertThat(add("n_x", ValueKind.COUNTER, RECORDER, List.of("b"))).isNull();

    assertThat(table.familySamples()).singleElement().satisfies(family -> {
      assertThat(family.name).isEqualTo("n_x");
      assertThat(family.type).isEqualTo(Type.COUNTER);
      assertThat(family.samples).extracting(sample -> sample.name).containsOnly("n_x_total");
      assertThat(family.samples).extracting(sample -> sample.labelValues.get(0)).containsExactly("a", "b");
    });
  }

  @Test
  void add_aFamilyWhoseNamesOverlapAnother_isANameConflict() {
    assertThat(add("n_x", ValueKind.COUNTER, RECORDER, List.of("a"))).isNull();

    assertThat(add("n_x_total", ValueKind.GAUGE, RECORDER, List.of("a"))).isEqualTo(SkipReason.NAME_CONFLICT);
  }

  @Test
  void declaredFamilies_refuseSeries_andComeLast() {
    table.declareOwn("mvx_runtime_recorders", Type.GAUGE, "Recorders", List.of("namespace"));
    table.addOwn("mvx_runtime_recorders", List.of("ns"), 2);

    assertThat(add("mvx_runtime_recorders", ValueKind.GAUGE, RECORDER, List.of("a")))
        .isEqualTo(SkipReason.NAME_CONFLICT);
    assertThat(add("n_y", ValueKind.GAUGE, RECORDER, List.of("a"))).isNull();
    assertThat(table.familySamples()).extracting(family -> family.name)
        .containsExactly("n_y", "mvx_runtime_recorders");
    assertThatThrownBy(() -> table.declareOwn("n_y", Type.GAUGE, "again", List.of()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void familyWithoutSamples_isNotWritten() {
    table.declareOwn("mvx_runtime_recorders", Type.GAUGE, "Recorders", List.of("namespace"));

    assertThat(table.familySamples()).extracting((MetricFamilySamples family) -> family.name).isEmpty();
  }

  private SkipReason add(String family, ValueKind kind, List<String> labelNames, List<String> labelValues) {
    return table.add(family, kind, "help", "", labelNames, labelValues, 1);
  }

  @Test
  void add_histogram_writesCumulativeBucketsWithLe_thenCountAndSum() {
    HistogramValue histogram = HistogramValue.of(new double[] {1, 2}, new long[] {1, 0, 2}, 7.5);

    assertThat(table.add("n_h", ValueKind.HISTOGRAM, "help", "", RECORDER, List.of("a"), 3, histogram)).isNull();

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

  @Test
  void add_histogramWithAnLeLabel_isALabelConflict() {
    HistogramValue histogram = HistogramValue.of(new double[] {1}, new long[] {1, 0}, 1);

    assertThat(table.add("n_h", ValueKind.HISTOGRAM, "help", "", List.of("recorder", "le"), List.of("a", "x"), 1,
        histogram)).isEqualTo(SkipReason.LABEL_CONFLICT);
    assertThat(table.familySamples()).isEmpty();
  }

  @Test
  void add_histogramNamesOverlappingAnotherFamily_isANameConflict_inEitherOrder() {
    HistogramValue histogram = HistogramValue.of(new double[] {1}, new long[] {1, 0}, 1);
    assertThat(add("n_a_bucket", ValueKind.GAUGE, RECORDER, List.of("a"))).isNull();
    assertThat(table.add("n_a", ValueKind.HISTOGRAM, "help", "", RECORDER, List.of("a"), 1, histogram))
        .isEqualTo(SkipReason.NAME_CONFLICT);

    assertThat(table.add("n_b", ValueKind.HISTOGRAM, "help", "", RECORDER, List.of("a"), 1, histogram)).isNull();
    assertThat(add("n_b_sum", ValueKind.GAUGE, RECORDER, List.of("a"))).isEqualTo(SkipReason.NAME_CONFLICT);
    assertThat(add("n_b_count", ValueKind.COUNTER, RECORDER, List.of("a"))).isEqualTo(SkipReason.NAME_CONFLICT);
  }
}
