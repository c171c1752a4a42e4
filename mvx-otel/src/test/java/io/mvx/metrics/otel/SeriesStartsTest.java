package io.mvx.metrics.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.Test;

class SeriesStartsTest {

  private final SeriesStarts starts = new SeriesStarts();
  private final Attributes a = Exports.recorder("a");

  @Test
  void startOf_keepsTheFirstCollectionsTime_whileTheCountDoesNotGoDown() {
    starts.beginCollection();
    assertThat(starts.startOf("h", a, 3, 100)).isEqualTo(100);
    starts.endCollection();
    starts.beginCollection();
    assertThat(starts.startOf("h", a, 3, 200)).isEqualTo(100);
    assertThat(starts.startOf("other", a, 0, 200)).isEqualTo(200);
    starts.endCollection();
    starts.beginCollection();
    assertThat(starts.startOf("h", a, 5, 300)).isEqualTo(100);
  }

  @Test
  void startOf_aCountThatWentDown_startsAgain() {
    starts.beginCollection();
    starts.startOf("h", a, 5, 100);
    starts.endCollection();
    starts.beginCollection();

    assertThat(starts.startOf("h", a, 2, 200)).isEqualTo(200);
  }

  @Test
  void endCollection_forgetsSeriesTheCollectionDidNotSee() {
    starts.beginCollection();
    starts.startOf("h", a, 1, 100);
    starts.startOf("h", Exports.recorder("b"), 1, 100);
    starts.endCollection();
    starts.beginCollection();
    starts.startOf("h", a, 1, 200);
    starts.endCollection();

    assertThat(starts.size()).isEqualTo(1);
    starts.beginCollection();
    assertThat(starts.startOf("h", Exports.recorder("b"), 1, 300)).isEqualTo(300);
  }
}
