package io.mvx.metrics.test;

import io.mvx.metrics.test.TextExposition.Family;
import io.mvx.metrics.test.TextExposition.Sample;
import io.mvx.metrics.test.TextExposition.SeriesKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/** The strict parser behind {@link TextExposition}: text format 0.0.4 and OpenMetrics, one line at a time. */
final class TextExpositionParser {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern FLOAT = Pattern.compile(
      "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?Inf|NaN");
  private static final Pattern TIMESTAMP = Pattern.compile("-?[0-9]+(?:\\.[0-9]+)?");
  /** OpenMetrics' limit on an exemplar's label names and values together, in UTF-8 characters. */
  private static final int MAX_EXEMPLAR_LABEL_CHARACTERS = 128;
  private static final String EXEMPLAR_MARK = " # ";
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset");

  private final String text;
  private final boolean openMetrics;
  private final List<Family> families = new ArrayList<>();
  private final Map<String, String> helps = new HashMap<>();
  private final Map<String, String> units = new HashMap<>();
  private final Map<String, String> types = new HashMap<>();
  private final Set<String> closedFamilies = new HashSet<>();
  private final Map<SeriesKey, Sample> series = new LinkedHashMap<>();
  private String currentFamily;
  private List<Sample> currentSamples;
  private int lineNumber;
  private String line;

  TextExpositionParser(String text, boolean openMetrics) {
    this.text = Objects.requireNonNull(text, "text");
    this.openMetrics = openMetrics;
  }

  TextExposition parse() {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition does not end with a newline");
    }
    boolean eof = false;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      line = text.substring(start, end);
      lineNumber++;
      start = end + 1;
      if (eof) {
        throw error("content after # EOF");
      }
      if (openMetrics && line.equals("# EOF")) {
        eof = true;
      } else if (line.isEmpty()) {
        if (openMetrics) {
          throw error("blank line in OpenMetrics");
        }
      } else if (line.startsWith("#")) {
        comment();
      } else {
        sample();
      }
    }
    if (openMetrics && !eof) {
      throw new IllegalArgumentException("no # EOF at the end of the OpenMetrics text");
    }
    closeFamily();
    return new TextExposition(Collections.unmodifiableList(families), Collections.unmodifiableMap(series));
  }

  private void comment() {
    String[] parts = line.split(" ", 4);
    boolean metadata = parts.length >= 3 && parts[0].equals("#")
        && (parts[1].equals("HELP") || parts[1].equals("TYPE") || (openMetrics && parts[1].equals("UNIT")));
    if (!metadata) {
      if (openMetrics) {
        throw error("plain comment in OpenMetrics");
      }
      return;
    }
    String name = parts[2];
    if (!METRIC_NAME.matcher(name).matches()) {
      throw error("invalid metric name '" + name + "' in " + parts[1]);
    }
    if (openMetrics && !name.equals(currentFamily)) {
      declare(name); // OpenMetrics: any metadata line may open a family
    }
    String value = parts.length == 4 ? parts[3] : "";
    switch (parts[1]) {
      case "HELP" -> {
        if (helps.put(name, unescapeHelp(value)) != null) {
          throw error("second HELP for " + name);
        }
      }
      case "UNIT" -> {
        if (units.put(name, value) != null) {
          throw error("second UNIT for " + name);
        }
      }
      default -> {
        if (!TYPES.contains(value)) {
          throw error("invalid TYPE line");
        }
        if (types.put(name, value) != null) {
          throw error("second TYPE for " + name);
        }
        if (!openMetrics) {
          declare(name);
        }
      }
    }
    if (currentSamples != null && !currentSamples.isEmpty() && name.equals(currentFamily)) {
      throw error(parts[1] + " of " + name + " after its samples");
    }
  }

  private void declare(String name) {
    if (closedFamilies.contains(name)) {
      throw error("family " + name + " appears twice");
    }
    closeFamily();
    currentFamily = name;
    currentSamples = new ArrayList<>();
  }

  private void closeFamily() {
    if (currentFamily != null) {
      Family family = new Family(currentFamily, types.getOrDefault(currentFamily, "unknown"),
          helps.getOrDefault(currentFamily, ""), units.getOrDefault(currentFamily, ""),
          List.copyOf(currentSamples));
      if (family.type().equals("histogram")) {
        HistogramRules.check(family);
      }
      families.add(family);
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
    if (currentFamily == null || types.get(currentFamily) == null
        || !allowedNames(currentFamily, types.get(currentFamily)).contains(name)) {
      throw error("sample " + name + " does not belong to the family declared last (" + currentFamily + ")");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (position < line.length() && line.charAt(position) == '{') {
      position = labels(position + 1, labels);
    }
    if (position >= line.length() || line.charAt(position) != ' ') {
      throw error("expected a space before the value");
    }
    int mark = line.indexOf(EXEMPLAR_MARK, position);
    int valueEnd = mark < 0 ? line.length() : mark;
    String[] rest = line.substring(position + 1, valueEnd).split(" ", -1);
    if (rest.length > 2 || !FLOAT.matcher(rest[0]).matches()
        || (rest.length == 2 && !TIMESTAMP.matcher(rest[1]).matches())) {
      throw error("invalid value or timestamp '" + line.substring(position + 1, valueEnd) + "'");
    }
    Optional<TextExposition.Exemplar> exemplar = mark < 0 ? Optional.empty() : Optional.of(exemplar(name, mark));
    Sample sample = new Sample(name, Collections.unmodifiableMap(labels), parseFloat(rest[0]), exemplar);
    if (series.put(new SeriesKey(name, Map.copyOf(labels)), sample) != null) {
      throw error("duplicate series " + name + labels);
    }
    currentSamples.add(sample);
  }

  /**
   * Parses the exemplar {@code # {labels} value [timestamp]} that starts with the {@code " # "} at {@code mark}
   * after sample {@code name}.
   */
  private TextExposition.Exemplar exemplar(String name, int mark) {
    if (!openMetrics) {
      throw error("exemplar in text format 0.0.4, which has none");
    }
    String type = types.get(currentFamily);
    boolean allowed = ("histogram".equals(type) && name.equals(currentFamily + "_bucket"))
        || ("counter".equals(type) && name.equals(currentFamily + "_total"));
    if (!allowed) {
      throw error("exemplar on " + name + " (a " + type + "): only a histogram's _bucket and a counter's _total "
          + "samples may carry one");
    }
    int position = mark + EXEMPLAR_MARK.length();
    if (position >= line.length() || line.charAt(position) != '{') {
      throw error("exemplar without a label set");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    position = labels(position + 1, labels);
    int characters = 0;
    for (Map.Entry<String, String> label : labels.entrySet()) {
      characters += label.getKey().codePointCount(0, label.getKey().length())
          + label.getValue().codePointCount(0, label.getValue().length());
    }
    if (characters > MAX_EXEMPLAR_LABEL_CHARACTERS) {
      throw error("exemplar labels have " + characters + " characters, more than "
          + MAX_EXEMPLAR_LABEL_CHARACTERS);
    }
    if (position >= line.length() || line.charAt(position) != ' ') {
      throw error("expected a space before the exemplar's value");
    }
    String[] rest = line.substring(position + 1).split(" ", -1);
    if (rest.length > 2 || !FLOAT.matcher(rest[0]).matches()
        || (rest.length == 2 && !TIMESTAMP.matcher(rest[1]).matches())) {
      throw error("invalid exemplar value or timestamp '" + line.substring(position + 1) + "'");
    }
    return new TextExposition.Exemplar(Collections.unmodifiableMap(labels), parseFloat(rest[0]),
        rest.length == 2 ? OptionalDouble.of(Double.parseDouble(rest[1])) : OptionalDouble.empty());
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
          value.append(unescape(line.charAt(i), "label value of " + labelName));
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
        if (openMetrics && position < line.length() && line.charAt(position) == '}') {
          throw error("trailing comma in OpenMetrics labels");
        }
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
      char escaped = help.charAt(i);
      if (escaped == '"' && !openMetrics) {
        throw error("invalid escape \\\" in HELP");
      }
      out.append(unescape(escaped, "HELP"));
    }
    return out.toString();
  }

  private char unescape(char escaped, String where) {
    return switch (escaped) {
      case '\\' -> '\\';
      case '"' -> '"';
      case 'n' -> '\n';
      default -> throw error("invalid escape \\" + escaped + " in " + where);
    };
  }

  private Set<String> allowedNames(String family, String type) {
    return switch (type) {
      case "counter" -> openMetrics ? Set.of(family + "_total", family + "_created")
          : Set.of(family, family + "_total", family + "_created");
      case "summary" -> Set.of(family, family + "_sum", family + "_count", family + "_created");
      case "histogram" -> Set.of(family + "_bucket", family + "_sum", family + "_count", family + "_created");
      case "info" -> Set.of(family + "_info");
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
