package io.mvx.metrics.internal.export;

import io.mvx.metrics.snapshot.Exemplar;
import io.mvx.metrics.snapshot.HistogramValue;
import java.util.ArrayList;
import java.util.List;

/**
 * How both Prometheus adapters write an {@link Exemplar}: the labels {@value #TRACE_ID} and {@value #SPAN_ID}
 * (the names client_java, simpleclient and Grafana use), kept only when the label set fits OpenMetrics' limit
 * of {@value #MAX_LABEL_CHARACTERS} UTF-8 characters (names and values together; OpenTelemetry's 32 + 16 hex
 * digits always fit). Exemplars appear only in the OpenMetrics text and the protobuf format; the classic 0.0.4
 * text has no place for them.
 *
 * <p>Internal: not API, may change without notice.
 */
public final class PrometheusExemplars {

  /** The exemplar label of the trace id. */
  public static final String TRACE_ID = "trace_id";
  /** The exemplar label of the span id. */
  public static final String SPAN_ID = "span_id";
  /** OpenMetrics' limit on an exemplar's label names and values together, in UTF-8 characters. */
  public static final int MAX_LABEL_CHARACTERS = 128;

  private PrometheusExemplars() {}

  /**
   * The length of {@code exemplar}'s label set: names and values, in characters (code points).
   *
   * @param exemplar the exemplar
   * @return the number of characters OpenMetrics counts
   */
  public static int labelCharacters(Exemplar exemplar) {
    return TRACE_ID.length() + SPAN_ID.length()
        + exemplar.traceId().codePointCount(0, exemplar.traceId().length())
        + exemplar.spanId().codePointCount(0, exemplar.spanId().length());
  }

  /**
   * Whether {@code exemplar} can be written: its label set fits {@value #MAX_LABEL_CHARACTERS} characters.
   *
   * @param exemplar the exemplar
   * @return whether it fits
   */
  public static boolean fits(Exemplar exemplar) {
    return labelCharacters(exemplar) <= MAX_LABEL_CHARACTERS;
  }

  /**
   * {@code histogram} without the exemplars that do not {@linkplain #fits fit}; itself when all fit.
   *
   * @param histogram the distribution
   * @return the distribution with only writable exemplars
   */
  static HistogramValue writable(HistogramValue histogram) {
    List<Exemplar> exemplars = histogram.exemplars();
    List<Exemplar> kept = new ArrayList<>(exemplars.size());
    for (Exemplar exemplar : exemplars) {
      if (fits(exemplar)) {
        kept.add(exemplar);
      }
    }
    return kept.size() == exemplars.size() ? histogram : histogram.withExemplars(kept);
  }
}
