package io.mvx.metrics.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.snapshot.ValueKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportedNameTest {

  private static final List<String> RECORDER = List.of("recorder");
  private static final List<String> RECORDER_AND_DIRECTION = List.of("recorder", "direction");

  @Test
  void theFirstSeries_fixesKindAndLabelKeys() {
    ExportedName name = new ExportedName(ValueKind.COUNTER, RECORDER, true);

    assertThat(name.admit(ValueKind.COUNTER, RECORDER, List.of("a"))).isNull();
    assertThat(name.admit(ValueKind.GAUGE, RECORDER, List.of("b"))).isEqualTo(SkipReason.KIND_CONFLICT);
    assertThat(name.admit(ValueKind.COUNTER, RECORDER_AND_DIRECTION, List.of("b", "in")))
        .isEqualTo(SkipReason.LABEL_CONFLICT);
    assertThat(name.admit(ValueKind.COUNTER, RECORDER, List.of("b"))).isNull();
  }

  @Test
  void aRepeatedRecorder_isADuplicate_withAndWithoutTheOneSnapshotShortcut() {
    for (boolean oneSnapshot : new boolean[] {true, false}) {
      ExportedName name = new ExportedName(ValueKind.GAUGE, RECORDER, oneSnapshot);

      assertThat(name.admit(ValueKind.GAUGE, RECORDER, List.of("a"))).isNull();
      assertThat(name.admit(ValueKind.GAUGE, RECORDER, List.of("a"))).isEqualTo(SkipReason.DUPLICATE_SERIES);
    }
  }

  @Test
  void labelledSeries_areDuplicatesOnlyWithEqualLabelValues() {
    ExportedName name = new ExportedName(ValueKind.COUNTER, RECORDER_AND_DIRECTION, true);

    assertThat(name.admit(ValueKind.COUNTER, RECORDER_AND_DIRECTION, List.of("a", "in"))).isNull();
    assertThat(name.admit(ValueKind.COUNTER, RECORDER_AND_DIRECTION, List.of("a", "out"))).isNull();
    assertThat(name.admit(ValueKind.COUNTER, RECORDER_AND_DIRECTION, List.of("a", "in")))
        .isEqualTo(SkipReason.DUPLICATE_SERIES);
  }

  @Test
  void skipCounter_countsByReason() {
    SkipCounter counter = new SkipCounter();
    counter.count(SkipReason.KIND_CONFLICT);
    counter.count(SkipReason.KIND_CONFLICT);

    assertThat(counter.get(SkipReason.KIND_CONFLICT)).isEqualTo(2);
    assertThat(counter.get(SkipReason.DUPLICATE_SERIES)).isZero();
    assertThat(SkipReason.KIND_CONFLICT.label()).isEqualTo("kind_conflict");
  }
}
