package io.mvx.metrics.prometheus;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text format 0.0.4 and of OpenMetrics 1.0.0 text, for tests: it fails
 * on anything a Prometheus server would reject or misread (a second HELP or TYPE of one family, a sample
 * outside its family, a bad escape, a duplicate series, a missing {@code # EOF} in OpenMetrics).
 */
final class TextExposition {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  record Sample(String name, Map<String, String> labels, double value) {}

  record Family(String name, String type, String help, String unit, List<Sample> samples) {}

  private TextExposition() {}

  /** The registry written in text format 0.0.4, as simpleclient writes it. */
  static String write004(CollectorRegistry registry) {
    return write(TextFormat.CONTENT_TYPE_004, registry);
  }

  /** The registry written in OpenMetrics 1.0.0, as simpleclient writes it. */
  static String writeOpenMetrics(CollectorRegistry registry) {
    return write(TextFormat.CONTENT_TYPE_OPENMETRICS_100, registry);
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

  /** Parses text format 0.0.4 (families named by their TYPE lines, counters as {@code x_total}). */
  static List<Family> parse004(String text) {
    return new Parser(text, false).parse();
  }

  /** Parses OpenMetrics 1.0.0 text (counter family {@code x} with samples {@code x_total}). */
  static List<Family> parseOpenMetrics(String text) {
    return new Parser(text, true).parse();
  }

  /** Every sample of every family, in order. */
  static List<Sample> samples(List<Family> families) {
    List<Sample> all = new ArrayList<>();
    families.forEach(family -> all.addAll(family.samples()));
    return all;
  }

  private static final class Parser {
    private final String text;
    private final boolean openMetrics;
    private final Map<String, MutableFamily> families = new LinkedHashMap<>();
    private final Set<String> series = new HashSet<>();
    private MutableFamily current;
    private int lineNumber;

    Parser(String text, boolean openMetrics) {
      this.text = text;
      this.openMetrics = openMetrics;
    }

    List<Family> parse() {
      if (!text.isEmpty() && !text.endsWith("\n")) {
        throw error("text does not end with a newline");
      }
      String[] lines = text.isEmpty() ? new String[0] : text.substring(0, text.length() - 1).split("\n", -1);
      boolean eof = false;
      for (String line : lines) {
        lineNumber++;
        if (eof) {
          throw error("content after # EOF");
        }
        if (openMetrics && line.equals("# EOF")) {
          eof = true;
        } else if (line.startsWith("# HELP ")) {
          metadata(line.substring(7), "HELP");
        } else if (line.startsWith("# TYPE ")) {
          metadata(line.substring(7), "TYPE");
        } else if (openMetrics && line.startsWith("# UNIT ")) {
          metadata(line.substring(7), "UNIT");
        } else if (line.startsWith("#") || (!openMetrics && line.isBlank())) {
          if (openMetrics) {
            throw error("unexpected comment or blank line: " + line);
          }
        } else {
          sample(line);
        }
      }
      if (openMetrics && !eof) {
        throw error("no # EOF");
      }
      List<Family> out = new ArrayList<>();
      families.values().forEach(f -> out.add(new Family(f.name, f.type, f.help, f.unit, List.copyOf(f.samples))));
      return out;
    }

    private void metadata(String rest, String kind) {
      int space = rest.indexOf(' ');
      String name = space < 0 ? rest : rest.substring(0, space);
      String value = space < 0 ? "" : rest.substring(space + 1);
      if (!NAME.matcher(name).matches()) {
        throw error("bad metric name in " + kind + ": " + name);
      }
      MutableFamily family = families.get(name);
      if (family == null) {
        if (current != null && current.name.equals(name)) {
          family = current;
        } else {
          family = new MutableFamily(name);
          families.put(name, family);
        }
      } else if (family != current) {
        throw error("family " + name + " appears twice");
      }
      if (!family.samples.isEmpty()) {
        throw error(kind + " of " + name + " after its samples");
      }
      current = family;
      switch (kind) {
        case "HELP" -> {
          if (family.help != null) {
            throw error("second HELP of " + name);
          }
          family.help = unescape(value, openMetrics ? "\\\"n" : "\\n");
        }
        case "TYPE" -> {
          if (family.type != null) {
            throw error("second TYPE of " + name);
          }
          if (!Set.of("counter", "gauge", "untyped", "unknown", "summary", "histogram").contains(value)) {
            throw error("bad type " + value);
          }
          family.type = value;
        }
        default -> family.unit = value;
      }
    }

    private void sample(String line) {
      int i = 0;
      while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
        i++;
      }
      String name = line.substring(0, i);
      if (!NAME.matcher(name).matches()) {
        throw error("bad sample name: " + name);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (i < line.length() && line.charAt(i) == '{') {
        i = labels(line, i + 1, labels);
      }
      if (i >= line.length() || line.charAt(i) != ' ') {
        throw error("no value: " + line);
      }
      String[] rest = line.substring(i + 1).split(" ", -1);
      if (rest.length > 2) {
        throw error("trailing text: " + line);
      }
      double value = value(rest[0]);
      if (current == null || !belongs(name, current)) {
        throw error("sample " + name + " outside its family (" + (current == null ? "none" : current.name) + ")");
      }
      if (!series.add(name + labels)) {
        throw error("duplicate series " + name + labels);
      }
      current.samples.add(new Sample(name, Map.copyOf(labels), value));
    }

    private boolean belongs(String sampleName, MutableFamily family) {
      if (sampleName.equals(family.name)) {
        return true;
      }
      return openMetrics && "counter".equals(family.type)
          && (sampleName.equals(family.name + "_total") || sampleName.equals(family.name + "_created"));
    }

    private int labels(String line, int start, Map<String, String> labels) {
      int i = start;
      while (true) {
        if (i >= line.length()) {
          throw error("unterminated labels: " + line);
        }
        if (line.charAt(i) == '}') {
          return i + 1;
        }
        int equals = line.indexOf('=', i);
        if (equals < 0) {
          throw error("label without value: " + line);
        }
        String key = line.substring(i, equals);
        if (!LABEL.matcher(key).matches()) {
          throw error("bad label name: " + key);
        }
        if (equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
          throw error("label value not quoted: " + line);
        }
        StringBuilder value = new StringBuilder();
        int j = equals + 2;
        while (true) {
          if (j >= line.length()) {
            throw error("unterminated label value: " + line);
          }
          char c = line.charAt(j);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            j++;
            char escaped = j < line.length() ? line.charAt(j) : '?';
            switch (escaped) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw error("bad escape \\" + escaped + " in " + line);
            }
          } else {
            value.append(c);
          }
          j++;
        }
        if (labels.put(key, value.toString()) != null) {
          throw error("label " + key + " twice: " + line);
        }
        i = j + 1;
        if (i < line.length() && line.charAt(i) == ',') {
          i++;
          if (openMetrics && i < line.length() && line.charAt(i) == '}') {
            throw error("trailing comma in OpenMetrics labels: " + line);
          }
        } else if (i >= line.length() || line.charAt(i) != '}') {
          throw error("expected , or } in " + line);
        }
      }
    }

    private double value(String text) {
      switch (text) {
        case "NaN":
          return Double.NaN;
        case "+Inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
          return Double.NEGATIVE_INFINITY;
        default:
          try {
            return Double.parseDouble(text);
          } catch (NumberFormatException e) {
            throw error("bad value " + text);
          }
      }
    }

    private String unescape(String value, String escapable) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char next = ++i < value.length() ? value.charAt(i) : '?';
        if (escapable.indexOf(next) < 0) {
          throw error("bad escape \\" + next);
        }
        out.append(next == 'n' ? '\n' : next);
      }
      return out.toString();
    }

    private IllegalArgumentException error(String message) {
      return new IllegalArgumentException("line " + lineNumber + ": " + message);
    }
  }

  private static final class MutableFamily {
    final String name;
    String type;
    String help;
    String unit = "";
    final List<Sample> samples = new ArrayList<>();

    MutableFamily(String name) {
      this.name = name;
    }
  }
}
