package io.mvx.metrics.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExportUnitTest {

  @ParameterizedTest
  @CsvSource({"By, bytes, bytes, By", "s, seconds, seconds, s", "ms, milliseconds, milliseconds, ms",
      "Cel, celsius, celsius, Cel", "widgets, widgets, widgets, widgets", "1, '', , ''", "'', '', , ''",
      "{event}, '', , {event}"})
  void eachBackend_spellsTheUnitItsWay(String ucum, String word, String micrometer, String otel) {
    ExportUnit unit = ExportUnit.of(ucum);

    assertThat(unit.word()).isEqualTo(word);
    assertThat(unit.micrometerBaseUnit()).isEqualTo(micrometer);
    assertThat(unit.ucum()).isEqualTo(otel);
  }
}
