package io.mvx.metrics.reliability;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Generators of hostile input for the property tests: text made of control characters, quotes,
 * backslashes, newlines, separators of the Prometheus format, non-ASCII letters, invisible and
 * bidirectional characters, emoji and other supplementary code points, short or very long; plus valid
 * and almost valid names. Every string is well-formed UTF-16 (no unpaired surrogate; see
 * {@code docs/RELIABILITY.md} for what unpaired surrogates do).
 */
final class HostileText {

  /** Characters with a meaning in the exposition formats, and whitespace. */
  private static final List<Integer> SPECIALS = List.of((int) '"', (int) '\\', (int) '\n', (int) '\r', (int) '\t',
      (int) '{', (int) '}', (int) '=', (int) ',', (int) '#', (int) ' ', (int) '\'', (int) '.', (int) '_', (int) ':');
  /** Non-ASCII letters, invisible, bidirectional and odd whitespace characters. */
  private static final List<Integer> UNICODE = List.of(0xE9, 0xDF, 0x3A9, 0x4E2D, 0x0416, 0x05D0, 0x00A0,
      0x2028, 0x2029, 0x200B, 0x200D, 0x202E, 0xFEFF, 0xFFFD, 0x3000, 0x2003, 0x0301, 0xFFFF);
  /** Supplementary code points (two UTF-16 chars each): emoji, flags, a musical symbol, the last one. */
  private static final List<Integer> SUPPLEMENTARY = List.of(0x1F600, 0x1F4A9, 0x1F1FA, 0x1F1F8, 0x1F3F3,
      0x1D11E, 0x10FFFF, 0x1F9D1);

  private static final String NAME_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
  private static final String METRIC_NAME_PART = NAME_START + "0123456789.";
  private static final String LABEL_KEY_PART = NAME_START + "0123456789";

  private HostileText() {}

  /** Any text: mostly short, one in ten between 1,000 and 5,000 code points. */
  static Arbitrary<String> text() {
    return lengths(codePoints(true));
  }

  /** Text without control characters that is not blank once stripped: what the core accepts as an id. */
  static Arbitrary<String> identifiers() {
    return lengths(codePoints(false)).filter(HostileText::isValidIdentifier);
  }

  /** Valid metric names and dimensions, {@code [a-zA-Z_][a-zA-Z0-9_.]*}, some long, some tricky. */
  static Arbitrary<String> metricNames() {
    Arbitrary<String> generated = Combinators.combine(
            Arbitraries.strings().withChars(NAME_START).ofLength(1),
            Arbitraries.strings().withChars(METRIC_NAME_PART).ofMaxLength(12))
        .as(String::concat);
    Arbitrary<String> long_ = Combinators.combine(
            Arbitraries.strings().withChars(NAME_START).ofLength(1),
            Arbitraries.strings().withChars(METRIC_NAME_PART).ofMinLength(250).ofMaxLength(300))
        .as(String::concat);
    Arbitrary<String> tricky = Arbitraries.of("_", "__", "a", "A", "total", "_total", "a.total", "x_total_total",
        "a..b", "a.", "a_", "mvx", "runtime", "le", "Hits", "hits", "a.b", "a_b", "b.c", "b_c", "_1", "x.y.z");
    return weighted(List.of(Tuple.of(6, generated), Tuple.of(1, long_), Tuple.of(3, tricky)))
        .filter(name -> !name.startsWith("zz"));
  }

  /** Candidates for a metric name or dimension: valid names, near misses and any text. */
  static Arbitrary<String> nameCandidates() {
    Arbitrary<String> nearMisses = Arbitraries.of("", " ", "9lives", "a-b", "a b", "a/b", "a:b", "é", " a", "a ",
        "a\n", "a\u0000", "ä.b", "a.b\u200B", "\uD83D\uDE00", "a{b}", "a\"b", "a\\b");
    return Arbitraries.oneOf(List.of(metricNames(), nearMisses, text()));
  }

  /**
   * Valid label keys: {@code [a-zA-Z_][a-zA-Z0-9_]*}, none of {@code recorder}, {@code le}, {@code quantile},
   * not starting with {@code __}.
   */
  static Arbitrary<String> labelKeys() {
    Arbitrary<String> generated = Combinators.combine(
            Arbitraries.strings().withChars(NAME_START).ofLength(1),
            Arbitraries.strings().withChars(LABEL_KEY_PART).ofMaxLength(10))
        .as(String::concat);
    Arbitrary<String> tricky = Arbitraries.of("le", "quantile", "namespace", "reason", "_", "_a", "job", "instance",
        "Recorder", "RECORDER", "recorder_", "otel_scope_name");
    // le and quantile are reserved (API.md §7.5): mapped to near neighbours, which keeps the seeded sequence
    return Arbitraries.oneOf(List.of(generated, tricky))
        .filter(key -> !key.equals("recorder") && !key.startsWith("__"))
        .map(key -> key.equals("le") ? "LE" : key.equals("quantile") ? "quantiles" : key);
  }

  /** Candidates for a label key: valid keys, the reserved ones, near misses and any text. */
  static Arbitrary<String> labelKeyCandidates() {
    Arbitrary<String> reservedOrNearMisses = Arbitraries.of("recorder", "le", "quantile", "__name__", "__x", "__", "a.b", "1a", "",
        "a-b", "ключ", "a b", "a\n");
    return Arbitraries.oneOf(List.of(labelKeys(), reservedOrNearMisses, text()));
  }

  /** Whether the core accepts {@code value} as a namespace or recorder id: stripped, non-blank, no control characters. */
  static boolean isValidIdentifier(String value) {
    String stripped = value.strip();
    return !stripped.isEmpty() && stripped.chars().noneMatch(Character::isISOControl);
  }

  /** Whether the core accepts {@code value} as a metric name or dimension. */
  static boolean isValidMetricName(String value) {
    return value.matches("[a-zA-Z_][a-zA-Z0-9_.]*");
  }

  /**
   * Whether the core accepts {@code value} as a label key: {@code recorder}, {@code le}, {@code quantile} and the
   * Prometheus-reserved {@code __} prefix are refused.
   */
  static boolean isValidLabelKey(String value) {
    return value.matches("[a-zA-Z_][a-zA-Z0-9_]*") && !value.equals("recorder") && !value.equals("le")
        && !value.equals("quantile") && !value.startsWith("__");
  }

  /**
   * How an error message shows a value: quoted, with control characters escaped as {@code \\uXXXX} so the
   * message stays on one line.
   */
  static String shown(String value) {
    StringBuilder out = new StringBuilder("'");
    value.chars().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return out.append('\'').toString();
  }

  private static Arbitrary<Integer> codePoints(boolean withControls) {
    Arbitrary<Integer> printable = Arbitraries.integers().between(0x20, 0x7E);
    Arbitrary<Integer> anyOther = Arbitraries.integers().between(0xA0, 0x10FFFF)
        .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE);
    if (!withControls) {
      return weighted(List.of(Tuple.of(10, printable), Tuple.of(3, Arbitraries.of(SPECIALS).filter(c -> c >= 0x20)),
          Tuple.of(3, Arbitraries.of(UNICODE)), Tuple.of(2, Arbitraries.of(SUPPLEMENTARY)), Tuple.of(2, anyOther)));
    }
    return weighted(List.of(Tuple.of(10, printable), Tuple.of(3, Arbitraries.of(SPECIALS)),
        Tuple.of(2, Arbitraries.integers().between(0x00, 0x1F)), Tuple.of(1, Arbitraries.integers().between(0x7F, 0x9F)),
        Tuple.of(3, Arbitraries.of(UNICODE)), Tuple.of(2, Arbitraries.of(SUPPLEMENTARY)), Tuple.of(2, anyOther)));
  }

  private static Arbitrary<String> lengths(Arbitrary<Integer> codePoints) {
    Arbitrary<List<Integer>> short_ = codePoints.list().ofMaxSize(24);
    Arbitrary<List<Integer>> long_ = codePoints.list().ofMinSize(1_000).ofMaxSize(5_000);
    return weighted(List.of(Tuple.of(9, short_), Tuple.of(1, long_))).map(HostileText::fromCodePoints);
  }

  private static String fromCodePoints(List<Integer> codePoints) {
    StringBuilder out = new StringBuilder(codePoints.size() + 8);
    codePoints.forEach(out::appendCodePoint);
    return out.toString();
  }

  private static <T> Arbitrary<T> weighted(List<Tuple2<Integer, Arbitrary<T>>> choices) {
    return Arbitraries.frequencyOf(choices);
  }
}
