package io.mvx.metrics.prometheus;

/** Turns MVX names into Prometheus metric names (API.md §5). */
final class PrometheusNames {

  static final String TOTAL_SUFFIX = "_total";

  private PrometheusNames() {}

  /**
   * {@code N_M_D} with every code point outside {@code [a-zA-Z0-9_:]} replaced by one {@code _}, and a
   * {@code _} put in front of a leading digit so the result is a valid metric name.
   */
  static String metricName(String namespace, String metricName, String dimension) {
    return sanitize(namespace + '_' + metricName + '_' + dimension);
  }

  static String sanitize(String raw) {
    StringBuilder out = new StringBuilder(raw.length() + 1);
    raw.codePoints().forEach(c -> out.append(allowed(c) ? (char) c : '_'));
    if (out.length() == 0 || (out.charAt(0) >= '0' && out.charAt(0) <= '9')) {
      out.insert(0, '_');
    }
    return out.toString();
  }

  /**
   * The family name of a counter: the name without its trailing {@code _total} suffixes (the samples are
   * then called {@code family + "_total"}). simpleclient strips one {@code _total} from counter family
   * names itself, so stripping all of them keeps the TYPE line and the samples in agreement.
   */
  static String counterFamily(String name) {
    String family = name;
    while (family.endsWith(TOTAL_SUFFIX) && family.length() > TOTAL_SUFFIX.length()) {
      family = family.substring(0, family.length() - TOTAL_SUFFIX.length());
    }
    return family;
  }

  /**
   * The Prometheus base unit of a UCUM unit when the family name already ends in it (OpenMetrics requires
   * the unit to be the name's suffix), else {@code ""}. Names are never changed to fit a unit.
   */
  static String unit(String ucum, String familyName) {
    String unit = switch (ucum) {
      case "By" -> "bytes";
      case "s" -> "seconds";
      default -> "";
    };
    return !unit.isEmpty() && familyName.endsWith('_' + unit) ? unit : "";
  }

  private static boolean allowed(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
  }
}
