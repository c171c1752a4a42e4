package io.mvx.metrics.examples;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The demo's command line: {@code --port N} (default 9464, 0 = any free port), {@code --connections N}
 * (default 20), {@code --duration D} (e.g. {@code 30s}, {@code 5m}, {@code PT1M}; runs until Ctrl-C
 * without it), {@code --summary-interval D} (default 5s), {@code --help}.
 *
 * @param port the Prometheus endpoint's port on 127.0.0.1
 * @param connections simulated connections open at a time
 * @param duration how long to run, or empty to run until interrupted
 * @param summaryInterval how often to print the console summary
 */
public record DemoOptions(int port, int connections, Optional<Duration> duration, Duration summaryInterval) {

  /** The usage text printed with {@code --help} and after a bad argument. */
  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar mvx-demo.jar [--port N] [--connections N] [--duration D] [--summary-interval D]",
      "  --port N              Prometheus endpoint on 127.0.0.1:N/metrics (default 9464, 0 = any free port)",
      "  --connections N       simulated TCP connections open at a time, 0..100000 (default 20)",
      "  --duration D          run for D (30s, 5m, 1h or ISO-8601 like PT1M), then shut down; default: until Ctrl-C",
      "  --summary-interval D  console summary every D (default 5s)");

  /** Thrown for a bad command line; the message names the argument and the value. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses the command line; an empty result means {@code --help} was asked for.
   *
   * @throws UsageException for an unknown option, a missing or bad value
   */
  public static Optional<DemoOptions> parse(String... args) throws UsageException {
    int port = 9464;
    int connections = 20;
    Optional<Duration> duration = Optional.empty();
    Duration summaryInterval = Duration.ofSeconds(5);
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        return Optional.empty();
      }
      if (i + 1 >= args.length) {
        throw new UsageException(option.startsWith("--") && isKnown(option)
            ? option + " needs a value" : "unknown option '" + option + "'");
      }
      String value = args[++i];
      switch (option) {
        case "--port" -> port = intIn(option, value, 0, 65_535);
        case "--connections" -> connections = intIn(option, value, 0, 100_000);
        case "--duration" -> duration = Optional.of(positiveDuration(option, value));
        case "--summary-interval" -> summaryInterval = positiveDuration(option, value);
        default -> throw new UsageException("unknown option '" + option + "'");
      }
    }
    return Optional.of(new DemoOptions(port, connections, duration, summaryInterval));
  }

  private static boolean isKnown(String option) {
    return switch (option) {
      case "--port", "--connections", "--duration", "--summary-interval" -> true;
      default -> false;
    };
  }

  private static int intIn(String option, String value, int min, int max) throws UsageException {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("'" + value + "': " + option + " must be a number from " + min + " to " + max);
  }

  static Duration positiveDuration(String option, String value) throws UsageException {
    Duration parsed = null;
    try {
      if (value.matches("\\d+(ms|s|m|h)")) {
        long amount = Long.parseLong(value.replaceAll("\\D", ""));
        String unit = value.replaceAll("\\d", "");
        parsed = switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      } else {
        parsed = Duration.parse(value);
      }
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      // reported below
    }
    if (parsed == null || parsed.isZero() || parsed.isNegative()) {
      throw new UsageException("'" + value + "': " + option + " must be a positive duration such as 30s, 5m or PT1M");
    }
    return parsed;
  }
}
