package io.mvx.metrics.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistogramValueTest {

  private static final ExponentialBuckets FOUR =
      ExponentialBuckets.of(0, 1, 0, new long[] {2, 1}, 0, new long[0]);

  @Test
  void of_exposesBucketsCountsAndCumulativeCounts() {
    HistogramValue value = HistogramValue.of(new double[] {0.1, 0.5}, new long[] {3, 1, 2}, 4.5);

    assertThat(value.bucketCount()).isEqualTo(3);
    assertThat(value.upperBound(0)).isEqualTo(0.1);
    assertThat(value.upperBound(1)).isEqualTo(0.5);
    assertThat(value.upperBound(2)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(value.count(0)).isEqualTo(3);
    assertThat(value.count(1)).isEqualTo(1);
    assertThat(value.count(2)).isEqualTo(2);
    assertThat(value.cumulativeCount(0)).isEqualTo(3);
    assertThat(value.cumulativeCount(1)).isEqualTo(4);
    assertThat(value.cumulativeCount(2)).isEqualTo(6);
    assertThat(value.count()).isEqualTo(6);
    assertThat(value.sum()).isEqualTo(4.5);
    assertThat(value.exponential()).isEmpty();
  }

  @Test
  void of_copiesItsArrays() {
    double[] bounds = {1, 2};
    long[] counts = {1, 1, 1};
    HistogramValue value = HistogramValue.of(bounds, counts, 3);

    bounds[0] = 0.5;
    counts[0] = 100;

    assertThat(value.upperBound(0)).isEqualTo(1);
    assertThat(value.count(0)).isEqualTo(1);
    assertThat(value).isEqualTo(HistogramValue.of(new double[] {1, 2}, new long[] {1, 1, 1}, 3));
  }

  @Test
  void accessors_checkTheIndex() {
    HistogramValue value = HistogramValue.of(new double[] {1}, new long[] {1, 1}, 3);
    assertThatThrownBy(() -> value.upperBound(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> value.count(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> value.cumulativeCount(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void of_rejectsBadBoundsLeadingWithTheBadValue() {
    assertThatThrownBy(() -> HistogramValue.of(null, new long[1], 0))
        .isInstanceOf(NullPointerException.class).hasMessage("upperBounds");
    assertThatThrownBy(() -> HistogramValue.of(new double[0], new long[1], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("[]: upperBounds must hold at least one bound");
    assertThatThrownBy(() -> HistogramValue.of(new double[] {1, Double.NaN}, new long[3], 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("NaN: upperBounds[1] must be finite");
    assertThatThrownBy(() -> HistogramValue.of(new double[] {Double.POSITIVE_INFINITY}, new long[2], 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Infinity: upperBounds[0] must be finite");
    assertThatThrownBy(() -> HistogramValue.of(new double[] {1, 2, 2}, new long[4], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2.0: upperBounds[2] must be greater than upperBounds[1] (2.0)");
    assertThatThrownBy(() -> HistogramValue.of(new double[] {-0.0, 0.0}, new long[3], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("0.0: upperBounds[1] must be greater than upperBounds[0] (0.0)");
  }

  @Test
  void of_rejectsBadCountsAndSum() {
    assertThatThrownBy(() -> HistogramValue.of(new double[] {1}, null, 0))
        .isInstanceOf(NullPointerException.class).hasMessage("bucketCounts");
    assertThatThrownBy(() -> HistogramValue.of(new double[] {1, 2}, new long[2], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2: bucketCounts.length must be upperBounds.length + 1 (3)");
    assertThatThrownBy(() -> HistogramValue.of(new double[] {1, 2}, new long[] {0, 0, -1}, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("-1: bucketCounts[2] must be >= 0");
    assertThatThrownBy(() -> HistogramValue.of(new double[] {1}, new long[] {Long.MAX_VALUE, 1}, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("1: bucketCounts[1] overflows the total count");
    assertThatThrownBy(() -> HistogramValue.of(new double[] {1}, new long[2], Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("NaN: sum must be finite");
    assertThatThrownBy(() -> HistogramValue.of(new double[] {1}, new long[2], Double.NEGATIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("-Infinity: sum must be finite");
  }

  @Test
  void of_withExponential_allowsNoBoundsAndRequiresTheSameCount() {
    HistogramValue value = HistogramValue.of(new double[0], new long[] {4}, 7.5, FOUR);

    assertThat(value.bucketCount()).isEqualTo(1);
    assertThat(value.upperBound(0)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(value.count()).isEqualTo(4).isEqualTo(value.exponential().orElseThrow().count());

    assertThatThrownBy(() -> HistogramValue.of(new double[0], new long[] {5}, 7.5, FOUR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("4: exponential.count() must equal the sum of bucketCounts (5)");
    assertThatThrownBy(() -> HistogramValue.of(new double[0], new long[] {4}, 7.5, null))
        .isInstanceOf(NullPointerException.class).hasMessage("exponential");
  }

  @Test
  void equalsAndHashCode_areValueBased() {
    HistogramValue a = HistogramValue.of(new double[] {0.0}, new long[] {1, 2}, 0.0);
    HistogramValue b = HistogramValue.of(new double[] {-0.0}, new long[] {1, 2}, -0.0);
    HistogramValue c = HistogramValue.of(new double[] {0.0}, new long[] {1, 2}, 1.0);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a.upperBound(0)).isEqualTo(0.0).isNotNegative();
    assertThat(HistogramValue.of(new double[0], new long[] {4}, 7.5, FOUR))
        .isNotEqualTo(HistogramValue.of(new double[] {1}, new long[] {0, 4}, 7.5, FOUR))
        .isEqualTo(HistogramValue.of(new double[0], new long[] {4}, 7.5,
            ExponentialBuckets.of(0, 1, -2, new long[] {0, 0, 2, 1, 0}, 5, new long[] {0})));
  }

  @Test
  void toString_showsTheAsMapForm() {
    assertThat(HistogramValue.of(new double[] {0.005, 1}, new long[] {1, 0, 2}, 9.5))
        .hasToString("HistogramValue{count=3, sum=9.5, buckets={0.005=1, 1.0=1, +Inf=3}}");
  }
}
