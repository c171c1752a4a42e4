package io.mvx.metrics.prometheus.server;

import com.sun.net.httpserver.HttpHandler;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a scrape may wait for the runtime's snapshot, from the scraper's
 * {@value #HEADER} header. Not API: shared by the Prometheus adapters.
 *
 * <p>Prometheus sends its {@code scrape_timeout} in that header and gives up on the scrape when it passes,
 * so the snapshot must come sooner: the deadline is {@value #SHARE_PERCENT}% of the header's value, which
 * leaves the rest for turning the snapshot into text and writing it, but never less than {@link #FLOOR} (a
 * scrape that is given less than that has no time to spare anyway). A missing, empty, unparsable, zero,
 * negative or infinite value gives no deadline: the runtime's {@code operationTimeout} applies, as it does
 * for every scrape; the runtime never waits longer than its {@code operationTimeout} whatever the header
 * says.
 *
 * <p>simpleclient hands a collector nothing of the request, so the scrape endpoint makes the deadline
 * {@linkplain #scoped(HttpHandler) current} on the thread that serves the request and the collector reads
 * it with {@link #current()}; client_java 1.x hands the request to {@code MultiCollector.collect}, whose
 * header {@link #fromHeader(String)} reads directly.
 */
public final class ScrapeDeadline {

  /** The request header in which Prometheus sends its scrape timeout, in seconds. */
  public static final String HEADER = "X-Prometheus-Scrape-Timeout-Seconds";
  /** The share of the scraper's timeout the snapshot may take, in percent. */
  public static final int SHARE_PERCENT = 85;
  /** The shortest deadline a header gives. */
  public static final Duration FLOOR = Duration.ofMillis(100);

  private static final ThreadLocal<Duration> CURRENT = new ThreadLocal<>();

  private ScrapeDeadline() {}

  /**
   * The snapshot deadline for a scrape whose {@value #HEADER} header is {@code value}.
   *
   * @param value the header's value, e.g. {@code "10"} or {@code "0.5"}; null when absent
   * @return {@value #SHARE_PERCENT}% of it, at least {@link #FLOOR}; null when the header gives no deadline
   */
  public static Duration fromHeader(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    double seconds;
    try {
      seconds = Double.parseDouble(value.strip());
    } catch (NumberFormatException notANumber) {
      return null;
    }
    if (!(seconds > 0) || Double.isInfinite(seconds) || seconds > Long.MAX_VALUE / 1e9) {
      return null;
    }
    Duration share = Duration.ofNanos((long) (seconds * 1e9 * SHARE_PERCENT / 100));
    return share.compareTo(FLOOR) < 0 ? FLOOR : share;
  }

  /**
   * The deadline of the scrape this thread is serving, set by a {@linkplain #scoped(HttpHandler) scoped}
   * handler.
   *
   * @return the deadline, or null for none (the runtime's operation timeout applies)
   */
  public static Duration current() {
    return CURRENT.get();
  }

  /**
   * {@code handler} with the deadline of each request's {@value #HEADER} header made
   * {@linkplain #current() current} while it runs.
   *
   * @param handler the handler that collects and writes the scrape
   * @return the wrapping handler
   */
  public static HttpHandler scoped(HttpHandler handler) {
    Objects.requireNonNull(handler, "handler");
    return exchange -> {
      Duration previous = CURRENT.get();
      CURRENT.set(fromHeader(exchange.getRequestHeaders().getFirst(HEADER)));
      try {
        handler.handle(exchange);
      } finally {
        if (previous == null) {
          CURRENT.remove();
        } else {
          CURRENT.set(previous);
        }
      }
    };
  }
}
