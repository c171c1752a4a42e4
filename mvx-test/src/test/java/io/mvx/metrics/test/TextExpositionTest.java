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

  @Test
  void parseOpenMetrics_readsExemplarsOnBucketsAndTotals() {
    List<TextExposition.Family> families = TextExposition.parseOpenMetrics("""
        # TYPE h_seconds histogram
        h_seconds_bucket{le="0.1"} 1 # {trace_id="0af7651916cd43dd8448eb211c80319c",span_id="b7ad6b7169203331"} 0.05 1700000000.123
        h_seconds_bucket{le="+Inf"} 2 # {span_id="00f067aa0ba902b7",trace_id="4bf92f3577b34da6a3ce929d0e0e4736"} 3.0
        h_seconds_count 2
        h_seconds_sum 3.05
        # TYPE saves counter
        saves_total{outcome="ok"} 2.0 # {trace_id="0af7651916cd43dd8448eb211c80319c"} 1.0 1700000000
        # EOF
        """);

    List<TextExposition.Sample> samples = TextExposition.samples(families);
    TextExposition.Exemplar first = samples.get(0).exemplar().orElseThrow();
    assertThat(first.labels()).containsExactly(Map.entry("trace_id", "0af7651916cd43dd8448eb211c80319c"),
        Map.entry("span_id", "b7ad6b7169203331"));
    assertThat(first.value()).isEqualTo(0.05);
    assertThat(first.timestampSeconds()).hasValue(1700000000.123);
    assertThat(samples.get(1).exemplar().orElseThrow().timestampSeconds()).isEmpty();
    assertThat(samples.get(2).exemplar()).isEmpty();
    assertThat(samples.get(4).exemplar().orElseThrow().value()).isEqualTo(1.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "# TYPE g gauge\ng 1 # {trace_id=\"a\"} 1\n# EOF\n", // on a gauge
      "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1 # {trace_id=\"a\"} 1\n# EOF\n", // on _count
      "# TYPE c counter\nc_total 1 #{trace_id=\"a\"} 1\n# EOF\n", // no space after #
      "# TYPE c counter\nc_total 1 # {trace_id=\"a\"}  1\n# EOF\n", // two spaces before the value
      "# TYPE c counter\nc_total 1 # trace_id=\"a\" 1\n# EOF\n", // no braces
      "# TYPE c counter\nc_total 1 # {trace_id=a} 1\n# EOF\n", // unquoted
      "# TYPE c counter\nc_total 1 # {trace_id=\"a\"}\n# EOF\n", // no value
      "# TYPE c counter\nc_total 1 # {trace_id=\"a\"} x\n# EOF\n", // not a float
      "# TYPE c counter\nc_total 1 # {trace_id=\"a\"} 1 2 3\n# EOF\n",
      "# TYPE c counter\nc_total 1 # {trace_id=\"a\",} 1\n# EOF\n", // trailing comma
      "# TYPE h histogram\nh_bucket{le=\"1\"} 1 # {trace_id=\"a\"} 2\nh_bucket{le=\"+Inf\"} 1\n# EOF\n", // above le
      "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2 # {trace_id=\"a\"} 0.5\n# EOF\n"}) // below
  void parseOpenMetrics_malformedOrMisplacedExemplar_isRejected(String text) {
    assertThatThrownBy(() -> TextExposition.parseOpenMetrics(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exemplars_longerThan128Characters_orIn004_areRejected() {
    String fits = "# TYPE c counter\nc_total 1 # {trace_id=\"" + "a".repeat(128 - 8) + "\"} 1\n# EOF\n";
    String tooLong = "# TYPE c counter\nc_total 1 # {trace_id=\"" + "é".repeat(128 - 7) + "\"} 1\n# EOF\n";

    assertThat(TextExposition.parseOpenMetrics(fits)).hasSize(1);
    assertThatThrownBy(() -> TextExposition.parseOpenMetrics(tooLong)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exemplar labels have 129 characters, more than 128");
    assertThatThrownBy(() -> TextExposition.parse("# TYPE c_total counter\nc_total 1 # {trace_id=\"a\"} 1\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exemplar in text format 0.0.4");
  }
}
