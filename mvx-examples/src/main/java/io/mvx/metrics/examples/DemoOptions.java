package io.mvx.metrics.examples;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The demo's command line: {@code --port N} (default 9464, 0 = any free port), {@code --connections N}
 * (default 20), {@code --duration D} (e.g. {@code 30s}, {@code 5m}, {@code PT1M}; runs until Ctrl-C
 * without it), {@code --summary-interval D} (default 5s), {@code --prometheus-client 1x|simpleclient}
 * (default {@code 1x}), {@code --help}.
 *
 * @param port the Prometheus endpoint's port on 127.0.0.1
 * @param connections simulated connections open at a time
 * @param duration how long to run, or empty to run until interrupted
 * @param summaryInterval how often to print the console summary
 * @param prometheusClient which Prometheus client serves the endpoint
 */
public record DemoOptions(int port, int connections, Optional<Duration> duration, Duration summaryInterval,
    PrometheusClient prometheusClient) {

  /**
   * The Prometheus client behind the endpoint. Both serve the same series on the same address; client_java
   * 1.x ({@code mvx-prometheus-metrics}) also speaks protobuf, which carries native histograms to a Prometheus
   * server that asks for them, and is what Micrometer and Spring Boot use today.
   */
  public enum PrometheusClient {
    /** client_java 1.x: {@code MvxMultiCollector} and {@code MvxPrometheusMetricsServer} (the default). */
    ONE_X("1x"),
    /** simpleclient 0.16: {@code MvxCollector} and {@code MvxPrometheusServer}. */
    SIMPLECLIENT("simpleclient");

    private final String option;

    PrometheusClient(String option) {
      this.option = option;
    }

    /** The value of {@code --prometheus-client}. */
    public String option() {
      return option;
    }
  }

  /** Checks the client is named. */
  public DemoOptions {
    java.util.Objects.requireNonNull(prometheusClient, "prometheusClient");
  }

  /** Options served by the default Prometheus client, client_java 1.x. */
  public DemoOptions(int port, int connections, Optional<Duration> duration, Duration summaryInterval) {
    this(port, connections, duration, summaryInterval, PrometheusClient.ONE_X);
  }

  /** The usage text printed with {@code --help} and after a bad argument. */
  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar mvx-demo.jar [--port N] [--connections N] [--duration D] [--summary-interval D]",
      "                              [--prometheus-client 1x|simpleclient]",
      "  --port N              Prometheus endpoint on 127.0.0.1:N/metrics (default 9464, 0 = any free port)",
      "  --connections N       simulated TCP connections open at a time, 0..100000 (default 20)",
      "  --duration D          run for D (30s, 5m, 1h or ISO-8601 like PT1M), then shut down; default: until Ctrl-C",
      "  --summary-interval D  console summary every D (default 5s)",
      "  --prometheus-client C the endpoint's Prometheus client: 1x (client_java 1.x: text, OpenMetrics and",
      "                        protobuf with native histograms; the default) or simpleclient (0.16)");

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
    PrometheusClient prometheusClient = PrometheusClient.ONE_X;
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
        case "--prometheus-client" -> prometheusClient = prometheusClient(option, value);
        default -> throw new UsageException("unknown option '" + option + "'");
      }
    }
    return Optional.of(new DemoOptions(port, connections, duration, summaryInterval, prometheusClient));
  }

  private static boolean isKnown(String option) {
    return switch (option) {
      case "--port", "--connections", "--duration", "--summary-interval", "--prometheus-client" -> true;
      default -> false;
    };
  }

  private static PrometheusClient prometheusClient(String option, String value) throws UsageException {
    for (PrometheusClient client : PrometheusClient.values()) {
      if (client.option().equals(value)) {
        return client;
      }
    }
    throw new UsageException("'" + value + "': " + option + " must be 1x or simpleclient");
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
