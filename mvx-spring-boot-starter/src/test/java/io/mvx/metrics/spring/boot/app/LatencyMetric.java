package io.mvx.metrics.spring.boot.app;

import io.mvx.metrics.Histogram;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/** Request latency in seconds: a histogram {@code request.latency}, plus a request counter. */
public final class LatencyMetric implements Metric {

  /** One request taking {@code seconds}. */
  public record Request(double seconds) implements MetricEvent {
    @Override
    public String eventType() {
      return "request";
    }
  }

  private final Histogram seconds = Histogram.withUpperBounds(0.01, 0.05, 0.1, 0.5);
  private long requests;

  @Override
  public String metricName() {
    return "request";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof Request request)) {
      return false;
    }
    seconds.record(request.seconds());
    requests++;
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName())
        .description("Requests and their latency")
        .unit("s")
        .histogram("latency", seconds.snapshot())
        .build();
  }
}
