package io.mvx.metrics.internal;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.internal.export.ReservedKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Argument checks shared by the MVX modules. Not API: this package may change without notice.
 *
 * <p>Every message leads with the rejected value and names the argument, e.g.
 * {@code "'9lives': metricName must match [a-zA-Z_][a-zA-Z0-9_.]*"}.
 */
public final class Checks {

  private Checks() {}

  /**
   * Trims an identifier (runtime namespace, recorder id) and rejects blank values and control characters.
   *
   * @param value the identifier
   * @param argument the argument's name for the messages
   * @return the trimmed value
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is blank, holds control characters or is not valid Unicode
   */
  public static String identifier(String value, String argument) {
    Objects.requireNonNull(value, argument);
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException(quote(value) + ": " + argument + " must not be blank");
    }
    for (int i = 0; i < trimmed.length(); i++) {
      if (Character.isISOControl(trimmed.charAt(i))) {
        throw new IllegalArgumentException(
            quote(value) + ": " + argument + " must not contain control characters");
      }
    }
    return validUnicode(trimmed, argument);
  }

  /**
   * Rejects unpaired surrogates: they cannot be encoded in UTF-8, so two different values would become the
   * same {@code ?} on the wire (one series hiding another).
   *
   * @param value the text, not null
   * @param argument the argument's name for the messages
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} holds an unpaired surrogate
   */
  public static String validUnicode(String value, String argument) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(quote(value) + ": " + argument
            + " must be valid Unicode (unpaired surrogate \\u" + Integer.toHexString(c) + " at index " + i + ")");
      }
    }
    return value;
  }

  /**
   * Checks a metric name or a value dimension against {@code [a-zA-Z_][a-zA-Z0-9_.]*}.
   *
   * @param value the name
   * @param argument the argument's name for the messages
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} does not match the pattern
   */
  public static String metricName(String value, String argument) {
    Objects.requireNonNull(value, argument);
    if (!matches(value, true)) {
      throw new IllegalArgumentException(
          quote(value) + ": " + argument + " must match [a-zA-Z_][a-zA-Z0-9_.]*");
    }
    return value;
  }

  /**
   * Checks a label key against {@code [a-zA-Z_][a-zA-Z0-9_]*}; {@code recorder}, {@code le}, {@code quantile}
   * and keys starting with {@code __} are reserved.
   *
   * @param value the label key
   * @param argument the argument's name for the messages
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} does not match the pattern or is reserved
   */
  public static String labelKey(String value, String argument) {
    Objects.requireNonNull(value, argument);
    if (!matches(value, false)) {
      throw new IllegalArgumentException(
          quote(value) + ": " + argument + " must match [a-zA-Z_][a-zA-Z0-9_]*");
    }
    if (value.startsWith("__")) {
      throw new IllegalArgumentException(
          quote(value) + ": " + argument + " must not start with __ (reserved by Prometheus)");
    }
    if (ReservedKeys.RECORDER.equals(value)) {
      throw new IllegalArgumentException(
          quote(value) + ": " + argument + " is reserved for the recorder id");
    }
    if (ReservedKeys.LE.equals(value) || ReservedKeys.QUANTILE.equals(value)) {
      throw new IllegalArgumentException(quote(value) + ": " + argument + " is reserved by Prometheus (the "
          + (ReservedKeys.LE.equals(value) ? "bucket bound of histograms" : "quantile of summaries") + "); choose another key");
    }
    return value;
  }

  /** {@code [a-zA-Z_][a-zA-Z0-9_]*}, with {@code .} allowed after the first character when {@code dots}. */
  private static boolean matches(String value, boolean dots) {
    int length = value.length();
    if (length == 0) {
      return false;
    }
    char first = value.charAt(0);
    if (!(first == '_' || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = value.charAt(i);
      if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || (dots && c == '.'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Rejects values below 1.
   *
   * @param value the number
   * @param argument the argument's name for the messages
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} is below 1
   */
  public static int positive(int value, String argument) {
    if (value < 1) {
      throw new IllegalArgumentException(value + ": " + argument + " must be >= 1");
    }
    return value;
  }

  /**
   * Rejects null (NPE) and durations that are zero or negative.
   *
   * @param value the duration
   * @param argument the argument's name for the messages
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is zero or negative
   */
  public static java.time.Duration positive(java.time.Duration value, String argument) {
    java.util.Objects.requireNonNull(value, argument);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(value + ": " + argument + " must be positive");
    }
    return value;
  }

  /**
   * Quotes a value for an error message, escaping control characters (so the message stays on one line)
   * and unpaired surrogates.
   *
   * @param value the value, not null
   * @return the value in single quotes, escaped
   */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1));
      if (pair) {
        out.append(c).append(value.charAt(++i));
      } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  /**
   * Checks the runtimes one collector exports: at least one, none null, namespaces all different (their
   * series would otherwise collide).
   *
   * @param runtimes the runtimes
   * @param argument the argument's name for the messages
   * @return an immutable copy
   */
  public static List<MetricsRuntime> distinctRuntimes(List<MetricsRuntime> runtimes, String argument) {
    Objects.requireNonNull(runtimes, argument);
    if (runtimes.isEmpty()) {
      throw new IllegalArgumentException("[]: " + argument + " must not be empty");
    }
    Map<String, Integer> namespaces = new HashMap<>();
    for (int i = 0; i < runtimes.size(); i++) {
      MetricsRuntime runtime = Objects.requireNonNull(runtimes.get(i), argument + "[" + i + "]");
      Integer earlier = namespaces.putIfAbsent(runtime.namespace(), i);
      if (earlier != null) {
        throw new IllegalArgumentException("'" + runtime.namespace() + "': namespace of " + argument + "[" + i
            + "] is already exported by " + argument + "[" + earlier + "]");
      }
    }
    return List.copyOf(runtimes);
  }
}
