package io.mvx.metrics.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.snapshot.ValueKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusFamilyRulesTest {

  private static final List<String> RECORDER = List.of("recorder");

  private final PrometheusFamilyRules rules = new PrometheusFamilyRules(true);

  @Test
  void admit_firstSeriesFixesTheFamily_laterMisfitsAreRefusedWithTheirReason() {
    assertThat(rules.admit("n_x", ValueKind.COUNTER, RECORDER, List.of("a"))).isNull();
    assertThat(rules.admit("n_x", ValueKind.GAUGE, RECORDER, List.of("b"))).isEqualTo(SkipReason.KIND_CONFLICT);
    assertThat(rules.admit("n_x", ValueKind.COUNTER, List.of("recorder", "zone"), List.of("b", "eu")))
        .isEqualTo(SkipReason.LABEL_CONFLICT);
    assertThat(rules.admit("n_x", ValueKind.COUNTER, RECORDER, List.of("a")))
        .isEqualTo(SkipReason.DUPLICATE_SERIES);
    assertThat(rules.admit("n_x", ValueKind.COUNTER, RECORDER, List.of("b"))).isNull();
  }

  @Test
  void admit_aFamilyWhoseNamesOverlapAnother_isANameConflict() {
    assertThat(rules.admit("n_x", ValueKind.COUNTER, RECORDER, List.of("a"))).isNull();

    assertThat(rules.admit("n_x_total", ValueKind.GAUGE, RECORDER, List.of("a")))
        .isEqualTo(SkipReason.NAME_CONFLICT);
    assertThat(rules.exists("n_x_total")).isFalse();
  }

  @Test
  void declaredFamilies_refuseSeries_andCannotBeDeclaredTwice() {
    rules.declareOwn("mvx_runtime_recorders", ValueKind.GAUGE);

    assertThat(rules.admit("mvx_runtime_recorders", ValueKind.GAUGE, RECORDER, List.of("a")))
        .isEqualTo(SkipReason.NAME_CONFLICT);
    assertThat(rules.admit("n_y", ValueKind.GAUGE, RECORDER, List.of("a"))).isNull();
    assertThatThrownBy(() -> rules.declareOwn("n_y", ValueKind.GAUGE)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void admit_histogramWithAnLeLabel_isALabelConflict() {
    assertThat(rules.admit("n_h", ValueKind.HISTOGRAM, List.of("recorder", "le"), List.of("a", "x")))
        .isEqualTo(SkipReason.LABEL_CONFLICT);
    assertThat(rules.exists("n_h")).isFalse();
  }

  @Test
  void admit_histogramNamesOverlappingAnotherFamily_isANameConflict_inEitherOrder() {
    assertThat(rules.admit("n_a_bucket", ValueKind.GAUGE, RECORDER, List.of("a"))).isNull();
    assertThat(rules.admit("n_a", ValueKind.HISTOGRAM, RECORDER, List.of("a"))).isEqualTo(SkipReason.NAME_CONFLICT);

    assertThat(rules.admit("n_b", ValueKind.HISTOGRAM, RECORDER, List.of("a"))).isNull();
    assertThat(rules.admit("n_b_sum", ValueKind.GAUGE, RECORDER, List.of("a"))).isEqualTo(SkipReason.NAME_CONFLICT);
    assertThat(rules.admit("n_b_count", ValueKind.COUNTER, RECORDER, List.of("a")))
        .isEqualTo(SkipReason.NAME_CONFLICT);
  }
}
