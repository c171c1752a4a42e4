package io.mvx.metrics.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** §7.4: exemplars in the snapshot model, one per classic bucket and one per counter. */
class ExemplarTest {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN = "b7ad6b7169203331";
  private static final HistogramValue BUCKETS =
      HistogramValue.of(new double[] {0.1, 0.5}, new long[] {3, 1, 2}, 4.5);

  private static Exemplar exemplar(double value) {
    return new Exemplar(TRACE, SPAN, value, 1_700_000_000_123L);
  }

  @Test
  void exemplar_validatesItsArguments() {
    assertThatThrownBy(() -> new Exemplar(null, SPAN, 1, 0)).isInstanceOf(NullPointerException.class)
        .hasMessage("traceId");
    assertThatThrownBy(() -> new Exemplar(TRACE, "", 1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'' (0 characters): spanId must have 1 to 64 characters");
    assertThatThrownBy(() -> new Exemplar("t".repeat(65), SPAN, 1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + "t".repeat(64) + "...' (65 characters): traceId");
    assertThatThrownBy(() -> new Exemplar(TRACE, SPAN, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("NaN: value of an exemplar must not be NaN");
    assertThatThrownBy(() -> new Exemplar(TRACE, SPAN, 1, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-1: epochMillis must be >= 0");
    assertThat(new Exemplar(TRACE, SPAN, -0.0, 0)).isEqualTo(new Exemplar(TRACE, SPAN, 0.0, 0));
  }

  @Test
  void withExemplars_placesEachInTheBucketOfItsValue() {
    HistogramValue value = BUCKETS.withExemplars(List.of(exemplar(7), exemplar(0.1), exemplar(0.3)));

    assertThat(value.exemplar(0)).contains(exemplar(0.1)); // upper bounds are inclusive
    assertThat(value.exemplar(1)).contains(exemplar(0.3));
    assertThat(value.exemplar(2)).contains(exemplar(7));
    assertThat(value.exemplars()).containsExactly(exemplar(0.1), exemplar(0.3), exemplar(7));
    assertThat(BUCKETS.exemplars()).isEmpty();
    assertThat(BUCKETS.exemplar(1)).isEmpty();
    assertThat(value.count()).isEqualTo(BUCKETS.count());
    assertThatThrownBy(() -> value.exemplar(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(BUCKETS.withExemplars(List.of(exemplar(Double.POSITIVE_INFINITY))).exemplar(2)).isPresent();
    assertThat(BUCKETS.withExemplars(List.of(exemplar(Double.NEGATIVE_INFINITY))).exemplar(0)).isPresent();
  }

  @Test
  void withExemplars_refusesTwoInOneBucket_andOneInAnEmptyBucket() {
    assertThatThrownBy(() -> BUCKETS.withExemplars(List.of(exemplar(0.05), exemplar(0.08))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("0.08: exemplars[1] falls in bucket le=0.1, which already has an exemplar (at most one per bucket)");
    HistogramValue emptyMiddle = HistogramValue.of(new double[] {0.1, 0.5}, new long[] {3, 0, 2}, 4.5);
    assertThatThrownBy(() -> emptyMiddle.withExemplars(List.of(exemplar(0.2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("0.2: exemplars[0] falls in bucket le=0.5, which counts no observation");
    assertThatThrownBy(() -> BUCKETS.withExemplars(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("exemplars");
    assertThatThrownBy(() -> BUCKETS.withExemplars(java.util.Arrays.asList(exemplar(0.05), null)))
        .isInstanceOf(NullPointerException.class).hasMessage("exemplars[1]");
  }

  @Test
  void exemplars_takePartInEqualityAndToString() {
    HistogramValue with = BUCKETS.withExemplars(List.of(exemplar(0.3)));

    assertThat(with).isEqualTo(BUCKETS.withExemplars(List.of(exemplar(0.3))))
        .hasSameHashCodeAs(BUCKETS.withExemplars(List.of(exemplar(0.3))));
    assertThat(with).isNotEqualTo(BUCKETS).isNotEqualTo(BUCKETS.withExemplars(List.of(exemplar(0.4))));
    assertThat(with.withExemplars(List.of())).isEqualTo(BUCKETS).hasSameHashCodeAs(BUCKETS);
    assertThat(with.toString()).contains("exemplars={0.5=Exemplar[traceId=" + TRACE);
    assertThat(BUCKETS.toString()).doesNotContain("exemplars");
  }

  @Test
  void exemplars_keepTheExponentialForm() {
    ExponentialBuckets exponential = ExponentialBuckets.of(0, 0, 0, new long[] {2, 1}, 0, new long[0]);
    HistogramValue value = HistogramValue.of(new double[0], new long[] {3}, 5, exponential)
        .withExemplars(List.of(exemplar(3)));

    assertThat(value.exponential()).contains(exponential);
    assertThat(value.exemplar(0)).contains(exemplar(3));
  }

  @Test
  void counter_carriesOneExemplar_otherKindsNone() {
    MetricSnapshot snapshot = MetricSnapshot.builder("saves")
        .counter("total", 3, Map.of("outcome", "ok"), exemplar(1))
        .counter("total", 1, Map.of("outcome", "failed"))
        .build();

    assertThat(snapshot.values().get(0).exemplar()).contains(exemplar(1));
    assertThat(snapshot.values().get(1).exemplar()).isEmpty();
    assertThat(snapshot.values().get(0)).isNotEqualTo(
        new MetricValue("total", ValueKind.COUNTER, 3, Map.of("outcome", "ok")));
    assertThat(snapshot.asMap().get("dimensions")).isEqualTo(Map.of("total{outcome=ok}", 3.0,
        "total{outcome=failed}", 1.0));
    assertThatThrownBy(() -> new MetricValue("g", ValueKind.GAUGE, 1, Map.of(), Optional.empty(),
        Optional.of(exemplar(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("GAUGE: dimension 'g' carries an exemplar, which only a COUNTER value can");
    assertThatThrownBy(() -> MetricSnapshot.builder("saves").counter("total", 3, Map.of(), null))
        .isInstanceOf(NullPointerException.class).hasMessage("exemplar");
  }
}
