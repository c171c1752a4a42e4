package io.mvx.metrics.test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a Prometheus server and OpenMetrics require of a histogram family beyond the grammar: every
 * {@code _bucket} sample has an {@code le} label with a float value; per label set the buckets are written
 * with increasing {@code le}, their counts never decrease, the last is {@code le="+Inf"}, and {@code _count}
 * (when present) equals that {@code +Inf} bucket. {@code histogram_quantile} relies on all of it. A bucket's
 * exemplar has a value within the bucket: above the previous bucket's {@code le}, at most its own.
 */
final class HistogramRules {

  private HistogramRules() {}

  /**
   * Checks one histogram family.
   *
   * @param family the parsed family
   * @throws IllegalArgumentException naming the family and the first violation
   */
  static void check(TextExposition.Family family) {
    Map<Map<String, String>, double[]> last = new LinkedHashMap<>(); // labels without le -> {le, count}
    Map<Map<String, String>, Double> counts = new HashMap<>();
    for (TextExposition.Sample sample : family.samples()) {
      Map<String, String> labels = new LinkedHashMap<>(sample.labels());
      if (sample.name().equals(family.name() + "_count")) {
        counts.put(labels, sample.value());
        continue;
      }
      if (!sample.name().equals(family.name() + "_bucket")) {
        continue;
      }
      String le = labels.remove("le");
      if (le == null) {
        throw violation(family, "bucket without le " + sample.labels());
      }
      double bound = parseLe(family, le);
      double[] previous = last.get(labels);
      if (previous != null && !(bound > previous[0])) {
        throw violation(family, "le=\"" + le + "\" after le=" + previous[0] + " in " + labels);
      }
      if (previous != null && sample.value() < previous[1]) {
        throw violation(family, "bucket le=\"" + le + "\" counts " + sample.value() + " < " + previous[1]
            + " in " + labels + " (buckets are cumulative)");
      }
      if (sample.exemplar().isPresent()) {
        double value = sample.exemplar().get().value();
        double lower = previous == null ? Double.NEGATIVE_INFINITY : previous[0];
        if (!(value <= bound && (previous == null || value > lower))) {
          throw violation(family, "exemplar value " + value + " outside its bucket (" + lower + ", " + le + "] in "
              + labels);
        }
      }
      last.put(labels, new double[] {bound, sample.value()});
    }
    last.forEach((labels, bucket) -> {
      if (bucket[0] != Double.POSITIVE_INFINITY) {
        throw violation(family, "no le=\"+Inf\" bucket last in " + labels);
      }
      Double count = counts.get(labels);
      if (count != null && count != bucket[1]) {
        throw violation(family, "_count " + count + " differs from the +Inf bucket " + bucket[1] + " in " + labels);
      }
    });
  }

  private static double parseLe(TextExposition.Family family, String le) {
    switch (le) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(le);
        } catch (NumberFormatException e) {
          throw violation(family, "le=\"" + le + "\" is not a float");
        }
    }
  }

  private static IllegalArgumentException violation(TextExposition.Family family, String problem) {
    return new IllegalArgumentException("histogram " + family.name() + ": " + problem);
  }
}
