package io.mvx.metrics.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, written for this suite so that a
 * scrape is checked by something other than the library that wrote it.
 *
 * <p>Beyond the grammar (metric and label names, the three label-value escapes {@code \\ \" \n}, the two
 * HELP escapes {@code \\ \n}, Go float syntax, a final newline) it insists on what a Prometheus server
 * relies on: every sample follows the {@code # TYPE} line of its family and carries a name that type
 * allows, a family is declared once and its samples are contiguous, HELP and TYPE appear at most once per
 * family, no sample has a label twice, and no series (name and label set) appears twice. Any violation is
 * an {@link IllegalArgumentException} naming the line.
 */
final class Exposition {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern FLOAT = Pattern.compile(
      "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?Inf|NaN");
  private static final Pattern TIMESTAMP = Pattern.compile("-?[0-9]+");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  /** One family: its TYPE, HELP and samples, in exposition order. */
  record Family(String name, String type, String help, List<Sample> samples) {}

  private final List<Family> families;
  private final Map<SeriesKey, Sample> series;

  private Exposition(List<Family> families, Map<SeriesKey, Sample> series) {
    this.families = families;
    this.series = series;
  }

  List<Family> families() {
    return families;
  }

  /** Every sample in exposition order. */
  List<Sample> samples() {
    List<Sample> all = new ArrayList<>();
    families.forEach(family -> all.addAll(family.samples()));
    return all;
  }

  /** The value of the sample with exactly this name and label set. */
  OptionalDouble value(String sampleName, Map<String, String> labels) {
    Sample sample = series.get(new SeriesKey(sampleName, labels));
    return sample == null ? OptionalDouble.empty() : OptionalDouble.of(sample.value());
  }

  /**
   * Parses {@code text} strictly.
   *
   * @throws IllegalArgumentException on the first violation, naming the line
   */
  static Exposition parse(String text) {
    return new Parser(text).parse();
  }

  private record SeriesKey(String name, Map<String, String> labels) {}

  private static final class Parser {
    private final String text;
    private final List<Family> families = new ArrayList<>();
    private final Map<String, String> helps = new HashMap<>();
    private final Map<String, String> types = new HashMap<>();
    private final Set<String> closedFamilies = new HashSet<>();
    private final Map<SeriesKey, Sample> series = new LinkedHashMap<>();
    private String currentFamily;
    private List<Sample> currentSamples;
    private int lineNumber;
    private String line;

    Parser(String text) {
      this.text = Objects.requireNonNull(text, "text");
    }

    Exposition parse() {
      if (!text.isEmpty() && !text.endsWith("\n")) {
        throw new IllegalArgumentException("the exposition does not end with a newline");
      }
      int start = 0;
      while (start < text.length()) {
        int end = text.indexOf('\n', start);
        line = text.substring(start, end);
        lineNumber++;
        start = end + 1;
        if (line.isEmpty()) {
          continue;
        }
        if (line.startsWith("#")) {
          comment();
        } else {
          sample();
        }
      }
      closeFamily();
      return new Exposition(Collections.unmodifiableList(families), Collections.unmodifiableMap(series));
    }

    private void comment() {
      String[] parts = line.split(" ", 4);
      if (parts.length < 3 || !parts[0].equals("#") || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
        return; // a plain comment
      }
      String name = parts[2];
      if (!METRIC_NAME.matcher(name).matches()) {
        throw error("invalid metric name '" + name + "' in " + parts[1]);
      }
      if (parts[1].equals("HELP")) {
        if (helps.put(name, parts.length == 4 ? unescapeHelp(parts[3]) : "") != null) {
          throw error("second HELP for " + name);
        }
        return;
      }
      if (parts.length != 4 || !TYPES.contains(parts[3])) {
        throw error("invalid TYPE line");
      }
      if (types.put(name, parts[3]) != null || closedFamilies.contains(name)) {
        throw error("second TYPE for " + name);
      }
      closeFamily();
      currentFamily = name;
      currentSamples = new ArrayList<>();
    }

    private void closeFamily() {
      if (currentFamily != null) {
        families.add(new Family(currentFamily, types.get(currentFamily), helps.getOrDefault(currentFamily, ""),
            List.copyOf(currentSamples)));
        closedFamilies.add(currentFamily);
        currentFamily = null;
      }
    }

    private void sample() {
      int position = 0;
      while (position < line.length() && line.charAt(position) != '{' && line.charAt(position) != ' ') {
        position++;
      }
      String name = line.substring(0, position);
      if (!METRIC_NAME.matcher(name).matches()) {
        throw error("invalid metric name '" + name + "'");
      }
      if (currentFamily == null || !allowedNames(currentFamily, types.get(currentFamily)).contains(name)) {
        throw error("sample " + name + " does not belong to the family declared last (" + currentFamily + ")");
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (position < line.length() && line.charAt(position) == '{') {
        position = labels(position + 1, labels);
      }
      if (position >= line.length() || line.charAt(position) != ' ') {
        throw error("expected a space before the value");
      }
      String[] rest = line.substring(position + 1).split(" ", -1);
      if (rest.length > 2 || !FLOAT.matcher(rest[0]).matches()
          || (rest.length == 2 && !TIMESTAMP.matcher(rest[1]).matches())) {
        throw error("invalid value or timestamp '" + line.substring(position + 1) + "'");
      }
      Sample sample = new Sample(name, Collections.unmodifiableMap(labels), parseFloat(rest[0]));
      if (series.put(new SeriesKey(name, Map.copyOf(labels)), sample) != null) {
        throw error("duplicate series " + name + labels);
      }
      currentSamples.add(sample);
    }

    /** Parses {@code name="value",...}} from {@code position}; returns the position after the brace. */
    private int labels(int position, Map<String, String> labels) {
      while (true) {
        if (position < line.length() && line.charAt(position) == '}') {
          return position + 1;
        }
        int equals = line.indexOf('=', position);
        if (equals < 0) {
          throw error("label without '='");
        }
        String labelName = line.substring(position, equals);
        if (!LABEL_NAME.matcher(labelName).matches()) {
          throw error("invalid label name '" + labelName + "'");
        }
        if (equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
          throw error("label value of " + labelName + " is not quoted");
        }
        StringBuilder value = new StringBuilder();
        int i = equals + 2;
        for (;; i++) {
          if (i >= line.length()) {
            throw error("unterminated label value of " + labelName);
          }
          char c = line.charAt(i);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            if (++i >= line.length()) {
              throw error("dangling backslash in label value of " + labelName);
            }
            char escaped = line.charAt(i);
            switch (escaped) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw error("invalid escape \\" + escaped + " in label value of " + labelName);
            }
          } else {
            value.append(c);
          }
        }
        if (labels.put(labelName, value.toString()) != null) {
          throw error("label " + labelName + " given twice");
        }
        position = i + 1;
        if (position < line.length() && line.charAt(position) == ',') {
          position++;
        } else if (position >= line.length() || line.charAt(position) != '}') {
          throw error("expected ',' or '}' after label " + labelName);
        }
      }
    }

    private String unescapeHelp(String help) {
      StringBuilder out = new StringBuilder(help.length());
      for (int i = 0; i < help.length(); i++) {
        char c = help.charAt(i);
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (++i >= help.length()) {
          throw error("dangling backslash in HELP");
        }
        switch (help.charAt(i)) {
          case '\\' -> out.append('\\');
          case 'n' -> out.append('\n');
          default -> throw error("invalid escape \\" + help.charAt(i) + " in HELP");
        }
      }
      return out.toString();
    }

    private static Set<String> allowedNames(String family, String type) {
      return switch (type) {
        case "counter" -> Set.of(family, family + "_total", family + "_created");
        case "summary" -> Set.of(family, family + "_sum", family + "_count", family + "_created");
        case "histogram" -> Set.of(family + "_bucket", family + "_sum", family + "_count", family + "_created");
        default -> Set.of(family);
      };
    }

    private static double parseFloat(String value) {
      return switch (value) {
        case "NaN" -> Double.NaN;
        case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(value);
      };
    }

    private IllegalArgumentException error(String problem) {
      return new IllegalArgumentException("line " + lineNumber + ": " + problem + ": " + line);
    }
  }
}
