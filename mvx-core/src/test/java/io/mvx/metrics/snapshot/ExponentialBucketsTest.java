package io.mvx.metrics.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExponentialBucketsTest {

  @Test
  void of_keepsCountsAndTrimsZeroBucketsAtBothEnds() {
    ExponentialBuckets buckets = ExponentialBuckets.of(3, 2, 5, new long[] {0, 1, 0, 4, 0}, -7, new long[] {3});

    assertThat(buckets.scale()).isEqualTo(3);
    assertThat(buckets.zeroCount()).isEqualTo(2);
    assertThat(buckets.zeroThreshold()).isZero();
    assertThat(buckets.positive().offset()).isEqualTo(6);
    assertThat(buckets.positive().bucketCount()).isEqualTo(3);
    assertThat(buckets.positive().count(0)).isEqualTo(1);
    assertThat(buckets.positive().count(1)).isZero();
    assertThat(buckets.positive().count(2)).isEqualTo(4);
    assertThat(buckets.positive().totalCount()).isEqualTo(5);
    assertThat(buckets.negative().offset()).isEqualTo(-7);
    assertThat(buckets.negative().count(0)).isEqualTo(3);
    assertThat(buckets.count()).isEqualTo(10);
    assertThatThrownBy(() -> buckets.positive().count(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void of_withNoObservations_hasEmptySidesAtOffsetZero() {
    ExponentialBuckets buckets = ExponentialBuckets.of(20, 0, 17, new long[] {0, 0}, 4, new long[0]);

    assertThat(buckets.positive().bucketCount()).isZero();
    assertThat(buckets.positive().offset()).isZero();
    assertThat(buckets.count()).isZero();
    assertThat(buckets).isEqualTo(ExponentialBuckets.of(20, 0, 0, new long[0], 0, new long[0]));
  }

  @Test
  void of_rejectsBadArgumentsLeadingWithTheBadValue() {
    assertThatThrownBy(() -> ExponentialBuckets.of(21, 0, 0, new long[0], 0, new long[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("21: scale must be between -10 and 20");
    assertThatThrownBy(() -> ExponentialBuckets.of(-11, 0, 0, new long[0], 0, new long[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("-11: scale must be between -10 and 20");
    assertThatThrownBy(() -> ExponentialBuckets.of(0, -1, 0, new long[0], 0, new long[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("-1: zeroCount must be >= 0");
    assertThatThrownBy(() -> ExponentialBuckets.of(0, 0, 0, new long[] {1, -2}, 0, new long[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("-2: positiveCounts[1] must be >= 0");
    assertThatThrownBy(() -> ExponentialBuckets.of(0, 0, 0, new long[0], 0, null))
        .isInstanceOf(NullPointerException.class).hasMessage("negativeCounts");
    assertThatThrownBy(() -> ExponentialBuckets.of(0, 0, 1023, new long[] {1, 1}, 0, new long[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1023: positiveOffset puts buckets 1023..1024 outside the finite doubles' -1075..1023 at scale 0");
    assertThatThrownBy(() -> ExponentialBuckets.of(0, 0, 0, new long[] {Long.MAX_VALUE}, 0, new long[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("1: negativeCounts overflow the total count");
  }

  @Test
  void downscale_mergesNeighbouringBucketsExactly() {
    // scale 2: indices -3..4 (negative indices shift with floor division)
    ExponentialBuckets buckets = ExponentialBuckets.of(2, 5, -3, new long[] {1, 2, 3, 4, 5, 6, 7, 8}, 1,
        new long[] {1, 1});

    ExponentialBuckets once = buckets.downscale(1);
    assertThat(once).isEqualTo(ExponentialBuckets.of(1, 5, -2, new long[] {1, 5, 9, 13, 8}, 0, new long[] {1, 1}));
    ExponentialBuckets twice = buckets.downscale(0);
    assertThat(twice).isEqualTo(ExponentialBuckets.of(0, 5, -1, new long[] {6, 22, 8}, 0, new long[] {2}));
    assertThat(twice).isEqualTo(once.downscale(0));
    assertThat(buckets.downscale(2)).isSameAs(buckets);
    assertThat(buckets.downscale(-10).count()).isEqualTo(buckets.count());
    assertThatThrownBy(() -> buckets.downscale(3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("3: newScale must be between -10 and the scale 2");
    assertThatThrownBy(() -> buckets.downscale(-11)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bounds_areThePowersOfTheBase() {
    ExponentialBuckets scale0 = ExponentialBuckets.of(0, 0, 0, new long[0], 0, new long[0]);
    assertThat(scale0.lowerBound(0)).isEqualTo(1);
    assertThat(scale0.upperBound(0)).isEqualTo(2);
    assertThat(scale0.lowerBound(-1)).isEqualTo(0.5);
    assertThat(scale0.upperBound(1023)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(scale0.lowerBound(-1075)).isZero(); // 2^-1075 is below the smallest double
    assertThat(scale0.upperBound(-1075)).isEqualTo(Double.MIN_VALUE);

    ExponentialBuckets scale3 = ExponentialBuckets.of(3, 0, 0, new long[0], 0, new long[0]);
    assertThat(scale3.lowerBound(4)).isCloseTo(Math.sqrt(2), offset(1e-15));
    assertThat(scale3.lowerBound(8)).isEqualTo(2);
    assertThat(scale3.upperBound(-9)).isEqualTo(0.5);
    assertThat(scale3.lowerBound(1)).isCloseTo(1.0905077326652577, offset(1e-15));

    ExponentialBuckets scaleMinus2 = ExponentialBuckets.of(-2, 0, 0, new long[0], 0, new long[0]);
    assertThat(scaleMinus2.lowerBound(1)).isEqualTo(16);
    assertThat(scaleMinus2.upperBound(-1)).isEqualTo(1);
  }

  @Test
  void toMap_andToString_showEverySide() {
    ExponentialBuckets buckets = ExponentialBuckets.of(3, 2, 5, new long[] {1, 4}, -7, new long[0]);

    assertThat(buckets.toMap()).isEqualTo(Map.of(
        "scale", 3, "zero_count", 2L, "zero_threshold", 0.0,
        "positive", Map.of("offset", 5, "counts", List.of(1L, 4L)),
        "negative", Map.of("offset", 0, "counts", List.of())));
    assertThat(buckets.toMap().keySet()).containsExactly("scale", "zero_count", "zero_threshold", "positive",
        "negative");
    assertThat(buckets).hasToString(
        "ExponentialBuckets{scale=3, zeroCount=2, positive={offset=5, counts=[1, 4]}, negative={offset=0, counts=[]}}");
  }
}
