package io.mvx.metrics.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The suite's strict text-format parser is strict: it rejects what a Prometheus server would not accept. */
class TextExpositionTest {

  @Test
  void parse_wellFormedExposition_readsEscapesAndValues() {
    TextExposition exposition = TextExposition.parse("""
        # HELP x_total help with \\\\ and \\n
        # TYPE x_total counter
        x_total{recorder="a\\"b\\\\c\\nd",k="\u0001 😀"} 1.5
        # TYPE g gauge
        g NaN
        g{a="1"} -Inf 1700000000000
        """);
    assertThat(exposition.families()).hasSize(2);
    assertThat(exposition.families().get(0).help()).isEqualTo("help with \\ and \n");
    assertThat(exposition.value("x_total", Map.of("recorder", "a\"b\\c\nd", "k", "\u0001 😀"))).hasValue(1.5);
    assertThat(exposition.value("g", Map.of("a", "1"))).hasValue(Double.NEGATIVE_INFINITY);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "# TYPE g gauge\ng 1", // no final newline
      "g 1\n", // no TYPE
      "# TYPE g gauge\nh 1\n", // a sample of another family
      "# TYPE g gauge\ng 1\n# TYPE h gauge\nh 1\ng 2\n", // a family split in two
      "# TYPE g gauge\n# TYPE g gauge\ng 1\n", // TYPE twice
      "# TYPE g gauge\ng{a=\"1\"} 1\ng{a=\"1\"} 2\n", // a series twice
      "# TYPE g gauge\ng{a=\"1\",a=\"2\"} 1\n", // a label twice
      "# TYPE g gauge\ng{a=\"\\x\"} 1\n", // an unknown escape
      "# TYPE g gauge\ng{a=\"x} 1\n", // an unterminated value
      "# TYPE g gauge\ng{a-b=\"x\"} 1\n", // an invalid label name
      "# TYPE g gauge\ng{a=x} 1\n", // an unquoted value
      "# TYPE g gauge\ng 1.0d\n", // a Java float, not a Go one
      "# TYPE g gauge\ng Infinity\n",
      "# TYPE g gauge\ng 1 2 3\n",
      "# TYPE 9g gauge\n9g 1\n", // an invalid metric name
      "# TYPE g gauge\ng  1\n",
      "# TYPE g sometype\ng 1\n"})
  void parse_malformedExposition_isRejected(String text) {
    assertThatThrownBy(() -> TextExposition.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseOpenMetrics_readsUnitsAndCounterSamples_andRequiresEof() {
    List<TextExposition.Family> families = TextExposition.parseOpenMetrics("""
        # TYPE rx_bytes counter
        # UNIT rx_bytes bytes
        # HELP rx_bytes Bytes \"received\"
        rx_bytes_total{recorder="a"} 3.0
        # EOF
        """);

    assertThat(families).singleElement().satisfies(family -> {
      assertThat(family.unit()).isEqualTo("bytes");
      assertThat(family.help()).isEqualTo("Bytes \"received\"");
      assertThat(family.samples()).extracting(TextExposition.Sample::name).containsExactly("rx_bytes_total");
    });
    assertThatThrownBy(() -> TextExposition.parseOpenMetrics("# TYPE g gauge\ng 1\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_wellFormedHistogram_isAccepted() {
    TextExposition exposition = TextExposition.parse("""
        # TYPE h_seconds histogram
        h_seconds_bucket{r="a",le="0.1"} 1.0
        h_seconds_bucket{r="a",le="1.0"} 3.0
        h_seconds_bucket{r="a",le="+Inf"} 4.0
        h_seconds_count{r="a"} 4.0
        h_seconds_sum{r="a"} 7.5
        """);
    assertThat(exposition.value("h_seconds_bucket", Map.of("r", "a", "le", "+Inf"))).hasValue(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "# TYPE h histogram\nh_bucket 1\n", // no le
      "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", // le not a float
      "# TYPE h histogram\nh_bucket{le=\"1.0\"} 1\n", // no +Inf bucket
      "# TYPE h histogram\nh_bucket{le=\"1.0\"} 2\nh_bucket{le=\"+Inf\"} 1\n", // not cumulative
      "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_bucket{le=\"1.0\"} 1\n", // out of order
      "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n"}) // count differs from +Inf
  void parse_malformedHistogram_isRejected(String text) {
    assertThatThrownBy(() -> TextExposition.parse(text))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("histogram h: ");
  }
}
