package io.mvx.metrics.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricSnapshotHistogramTest {

  private static final HistogramValue DURATION =
      HistogramValue.of(new double[] {0.005, 0.5, 1}, new long[] {2, 3, 0, 1}, 3.25);

  @Test
  void histogram_isAHistogramValueWhoseNumberIsItsCount() {
    MetricSnapshot snapshot = MetricSnapshot.builder("save")
        .unit("s")
        .histogram("duration", DURATION)
        .histogram("by_outcome", DURATION, Map.of("outcome", "success"))
        .counter("total", 6)
        .build();

    MetricValue duration = snapshot.values().get(0);
    assertThat(duration.kind()).isEqualTo(ValueKind.HISTOGRAM);
    assertThat(duration.histogram()).contains(DURATION);
    assertThat(duration.value()).isEqualTo(6);
    assertThat(snapshot.value("duration")).hasValue(6);
    assertThat(snapshot.values().get(1).labels()).containsExactly(Map.entry("outcome", "success"));
    assertThat(snapshot.values().get(2).histogram()).isEmpty();
  }

  @Test
  void asMap_showsCountSumAndCumulativeBucketsByTheirLeLabel() {
    MetricSnapshot snapshot = MetricSnapshot.builder("save")
        .histogram("duration", DURATION)
        .histogram("by_outcome", DURATION, Map.of("outcome", "failure"))
        .build();

    Map<String, Object> expected = Map.of("count", 6L, "sum", 3.25,
        "buckets", Map.of("0.005", 2L, "0.5", 5L, "1.0", 5L, "+Inf", 6L));
    Map<String, Object> dimensions = dimensions(snapshot);
    assertThat(dimensions).isEqualTo(Map.of("duration", expected, "by_outcome{outcome=failure}", expected));
    @SuppressWarnings("unchecked")
    Map<String, Object> duration = (Map<String, Object>) dimensions.get("duration");
    assertThat(duration.keySet()).containsExactly("count", "sum", "buckets");
    @SuppressWarnings("unchecked")
    Map<String, Object> buckets = (Map<String, Object>) duration.get("buckets");
    assertThat(buckets.keySet()).containsExactly("0.005", "0.5", "1.0", "+Inf");
    assertThatThrownBy(() -> duration.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void asMap_addsTheExponentialPartOnlyWhenPresent() {
    ExponentialBuckets exponential = ExponentialBuckets.of(1, 1, -1, new long[] {2}, 3, new long[] {1});
    MetricSnapshot snapshot = MetricSnapshot.builder("m")
        .histogram("native", HistogramValue.of(new double[0], new long[] {4}, 1.5, exponential))
        .build();

    assertThat(dimensions(snapshot).get("native")).isEqualTo(Map.of("count", 4L, "sum", 1.5,
        "buckets", Map.of("+Inf", 4L),
        "exponential", Map.of("scale", 1, "zero_count", 1L, "zero_threshold", 0.0,
            "positive", Map.of("offset", -1, "counts", List.of(2L)),
            "negative", Map.of("offset", 3, "counts", List.of(1L)))));
  }

  @Test
  void leAndQuantile_areReservedOnEveryKind() {
    assertThatThrownBy(() -> MetricSnapshot.builder("m").histogram("d", DURATION, Map.of("le", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'le': label key is reserved by Prometheus (the bucket bound of histograms); choose another key");
    assertThatThrownBy(() -> MetricSnapshot.builder("m").gauge("d", 1, Map.of("le", "1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'le': label key is reserved");
    assertThatThrownBy(() -> MetricSnapshot.builder("m").counter("d", 1, Map.of("quantile", "0.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'quantile': label key is reserved by Prometheus (the quantile of summaries); choose another key");
    assertThatThrownBy(() -> MetricSnapshot.builder("m").histogram("d", DURATION, Map.of("recorder", "1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved for the recorder id");
  }

  @Test
  void histogram_rejectsNullsAndMixedKinds() {
    assertThatThrownBy(() -> MetricSnapshot.builder("m").histogram("d", null))
        .isInstanceOf(NullPointerException.class).hasMessage("value");
    assertThatThrownBy(() -> MetricSnapshot.builder("m").counter("d", 1).histogram("d", DURATION))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("HISTOGRAM: dimension 'd' of m is already a COUNTER");
    assertThatThrownBy(() -> MetricSnapshot.builder("m").histogram("d", DURATION).histogram("d", DURATION))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("d: value of m is already present");
  }

  @Test
  void metricValue_histogramIsPresentExactlyForHistograms() {
    assertThatThrownBy(() -> new MetricValue("d", ValueKind.HISTOGRAM, 6, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HISTOGRAM: dimension 'd' needs a HistogramValue: use MetricSnapshot.Builder.histogram(...)");
    assertThatThrownBy(() -> new MetricValue("d", ValueKind.GAUGE, 6, Map.of(), Optional.of(DURATION)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GAUGE: dimension 'd' carries a histogram, so its kind must be HISTOGRAM");
    assertThatThrownBy(() -> new MetricValue("d", ValueKind.HISTOGRAM, 5, Map.of(), Optional.of(DURATION)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("5.0: value of histogram dimension 'd' must be its count (6)");
    assertThat(new MetricValue("d", ValueKind.HISTOGRAM, 6, Map.of(), Optional.of(DURATION)))
        .isEqualTo(MetricSnapshot.builder("m").histogram("d", DURATION).build().values().get(0));
    assertThat(MetricValue.of("d", ValueKind.GAUGE, 1).histogram()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> dimensions(MetricSnapshot snapshot) {
    return (Map<String, Object>) snapshot.asMap().get("dimensions");
  }
}
