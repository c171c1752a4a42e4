package io.mvx.metrics.internal.export;

import java.util.Map;

/**
 * A snapshot's UCUM unit and how each backend spells it. The unit table follows the OpenTelemetry
 * specification's translation of UCUM units into Prometheus words ({@code By} is {@code bytes}, {@code s} is
 * {@code seconds}, {@code ms} is {@code milliseconds}, ...); Micrometer base units use the same words, so a
 * Micrometer registry that appends its base unit to names (Prometheus) ends up with the same name as
 * {@code MvxCollector}. The dimensionless {@code 1} and annotations such as {@code {event}} have no word:
 * no backend but OpenTelemetry shows them. Not API: this class may change without notice.
 */
public final class ExportUnit {

  private static final ExportUnit NONE = new ExportUnit("", "");

  /** UCUM unit to the word Prometheus and Micrometer use for it; add a row to support another. */
  private static final Map<String, String> WORDS = Map.ofEntries(
      Map.entry("By", "bytes"),
      Map.entry("KiBy", "kibibytes"),
      Map.entry("MiBy", "mebibytes"),
      Map.entry("GiBy", "gibibytes"),
      Map.entry("KBy", "kilobytes"),
      Map.entry("MBy", "megabytes"),
      Map.entry("GBy", "gigabytes"),
      Map.entry("d", "days"),
      Map.entry("h", "hours"),
      Map.entry("min", "minutes"),
      Map.entry("s", "seconds"),
      Map.entry("ms", "milliseconds"),
      Map.entry("us", "microseconds"),
      Map.entry("ns", "nanoseconds"),
      Map.entry("m", "meters"),
      Map.entry("g", "grams"),
      Map.entry("V", "volts"),
      Map.entry("A", "amperes"),
      Map.entry("J", "joules"),
      Map.entry("W", "watts"),
      Map.entry("Hz", "hertz"),
      Map.entry("Cel", "celsius"),
      Map.entry("%", "percent"));

  private final String ucum;
  private final String word;

  private ExportUnit(String ucum, String word) {
    this.ucum = ucum;
    this.word = word;
  }

  /**
   * The unit of a snapshot.
   *
   * @param ucum the snapshot's unit: UCUM, {@code ""} for none
   * @return the unit
   */
  public static ExportUnit of(String ucum) {
    if (ucum.isEmpty() || ucum.equals("1")) {
      return NONE;
    }
    if (ucum.startsWith("{") && ucum.endsWith("}")) {
      return new ExportUnit(ucum, "");
    }
    return new ExportUnit(ucum, WORDS.getOrDefault(ucum, ucum));
  }

  /**
   * The word Prometheus and Micrometer use for this unit ({@code bytes}, {@code seconds}), unknown units as
   * they are, {@code ""} for none. Prometheus adds it to a name as its suffix (after replacing characters
   * outside its character set).
   *
   * @return the word, or {@code ""}
   */
  public String word() {
    return word;
  }

  /**
   * The Micrometer base unit: {@link #word()}, {@code null} for none.
   *
   * @return the base unit, or null
   */
  public String micrometerBaseUnit() {
    return word.isEmpty() ? null : word;
  }

  /**
   * The OpenTelemetry unit: the UCUM unit itself (annotations included), {@code ""} for the dimensionless
   * {@code 1} and for none (OpenTelemetry's Prometheus exporter would otherwise add {@code _ratio}).
   *
   * @return the UCUM unit, or {@code ""}
   */
  public String ucum() {
    return ucum;
  }

  @Override
  public String toString() {
    return ucum.isEmpty() ? "(none)" : ucum;
  }
}
