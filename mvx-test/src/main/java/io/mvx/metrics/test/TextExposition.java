package io.mvx.metrics.test;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 and of OpenMetrics 1.0.0 text, so that a
 * scrape is checked by something other than the library that wrote it.
 *
 * <p>Beyond the grammar (metric and label names, the label-value escapes {@code \\ \" \n}, the HELP escapes,
 * Go float syntax, a final newline) it insists on what a Prometheus server relies on: every sample follows
 * the {@code # TYPE} line of its family and carries a name that type allows, a family is declared once and
 * its samples are contiguous, HELP and TYPE appear at most once per family, no sample has a label twice, and
 * no series (name and label set) appears twice, and histograms follow {@code HistogramRules} (an {@code le} on
 * every bucket, cumulative and increasing, {@code +Inf} last and equal to {@code _count}). OpenMetrics adds {@code # UNIT}, the final {@code # EOF},
 * and forbids blank lines and plain comments.
 *
 * <p>Exemplars (OpenMetrics only): {@code sample # {labels} value [timestamp]}, with exactly one space on each
 * side of the {@code #}, only on the {@code _bucket} samples of a histogram and the {@code _total} samples of a
 * counter, a label set of well-formed labels whose names and values together have at most 128 UTF-8
 * characters, a Go float value (for a bucket within {@code (previous le, le]}) and an optional timestamp in
 * seconds. The text format 0.0.4 has no exemplars: one there is a violation. Any violation is an {@link IllegalArgumentException} naming
 * the line.
 */
public final class TextExposition {

  /**
   * One sample line.
   *
   * @param name the sample name
   * @param labels the labels, in written order
   * @param value the value
   * @param exemplar the sample's OpenMetrics exemplar, or empty
   */
  public record Sample(String name, Map<String, String> labels, double value, Optional<Exemplar> exemplar) {

    /**
     * A sample without an exemplar.
     *
     * @param name the sample name
     * @param labels the labels, in written order
     * @param value the value
     */
    public Sample(String name, Map<String, String> labels, double value) {
      this(name, labels, value, Optional.empty());
    }
  }

  /**
   * An OpenMetrics exemplar: {@code # {labels} value [timestamp]} after a sample.
   *
   * @param labels the exemplar's labels, in written order (e.g. {@code trace_id}, {@code span_id})
   * @param value the exemplar's value
   * @param timestampSeconds its timestamp in seconds since the epoch, or empty when it has none
   */
  public record Exemplar(Map<String, String> labels, double value, OptionalDouble timestampSeconds) {}

  /**
   * One family: its TYPE, HELP, UNIT and samples, in exposition order.
   *
   * @param name the family name
   * @param type the TYPE
   * @param help the HELP, {@code ""} when none
   * @param unit the OpenMetrics UNIT, {@code ""} when none
   * @param samples the samples
   */
  public record Family(String name, String type, String help, String unit, List<Sample> samples) {}

  private final List<Family> families;
  private final Map<SeriesKey, Sample> series;

  TextExposition(List<Family> families, Map<SeriesKey, Sample> series) {
    this.families = families;
    this.series = series;
  }

  /**
   * Parses text format 0.0.4 strictly.
   *
   * @param text the exposition
   * @return the parsed exposition
   * @throws IllegalArgumentException on the first violation, naming the line
   */
  public static TextExposition parse(String text) {
    return new TextExpositionParser(text, false).parse();
  }

  /**
   * The families of text format 0.0.4 (a counter's TYPE names it with or without {@code _total}).
   *
   * @param text the exposition
   * @return the families
   */
  public static List<Family> parse004(String text) {
    return parse(text).families();
  }

  /**
   * The families of OpenMetrics 1.0.0 text (counter family {@code x} with samples {@code x_total}).
   *
   * @param text the exposition
   * @return the families
   */
  public static List<Family> parseOpenMetrics(String text) {
    return new TextExpositionParser(text, true).parse().families();
  }

  /**
   * Every sample of {@code families}, in order.
   *
   * @param families parsed families
   * @return the samples
   */
  public static List<Sample> samples(List<Family> families) {
    List<Sample> all = new ArrayList<>();
    families.forEach(family -> all.addAll(family.samples()));
    return all;
  }

  /**
   * A simpleclient registry written in text format 0.0.4.
   *
   * @param registry the registry
   * @return the text
   */
  public static String write004(CollectorRegistry registry) {
    return write(TextFormat.CONTENT_TYPE_004, registry);
  }

  /**
   * A simpleclient registry written in OpenMetrics 1.0.0.
   *
   * @param registry the registry
   * @return the text
   */
  public static String writeOpenMetrics(CollectorRegistry registry) {
    return write(TextFormat.CONTENT_TYPE_OPENMETRICS_100, registry);
  }

  /**
   * The families, in exposition order.
   *
   * @return the families
   */
  public List<Family> families() {
    return families;
  }

  /**
   * Every sample, in exposition order.
   *
   * @return the samples
   */
  public List<Sample> samples() {
    return samples(families);
  }

  /**
   * The value of the sample with exactly this name and label set.
   *
   * @param sampleName the sample name
   * @param labels the label set
   * @return the value, or empty
   */
  public OptionalDouble value(String sampleName, Map<String, String> labels) {
    Sample sample = series.get(new SeriesKey(sampleName, labels));
    return sample == null ? OptionalDouble.empty() : OptionalDouble.of(sample.value());
  }

  private static String write(String contentType, CollectorRegistry registry) {
    StringWriter out = new StringWriter();
    try {
      TextFormat.writeFormat(contentType, out, registry.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A series: its sample name and labels. */
  record SeriesKey(String name, Map<String, String> labels) {}
}
