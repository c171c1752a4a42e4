package io.mvx.metrics.benchmarks;

import io.mvx.metrics.Histogram;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.Map;

/**
 * The seed's save metric as one class: an attempts counter labelled by outcome and a duration histogram in
 * seconds with {@link Saves#BOUNDS}, both updated by one {@link SaveEvent}. Plain single-threaded code: it
 * runs on the runtime's processing thread.
 */
final class SaveMetric implements Metric {

  static final String NAME = "save";

  private static final Map<String, String> SUCCESS = Map.of("outcome", "success");
  private static final Map<String, String> FAILURE = Map.of("outcome", "failure");

  private final Histogram seconds = Histogram.withUpperBounds(Saves.BOUNDS);
  private long success;
  private long failure;

  @Override
  public String metricName() {
    return NAME;
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof SaveEvent save)) {
      return false;
    }
    if (save.success()) {
      success++;
    } else {
      failure++;
    }
    seconds.record(save.seconds());
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(NAME)
        .description("save attempts and their durations")
        .counter("attempts_total", success, SUCCESS)
        .counter("attempts_total", failure, FAILURE)
        .histogram("duration_seconds", seconds.snapshot())
        .build();
  }

  /** Attempts counted; read it only on the processing thread, or after a hand-off. */
  long attempts() {
    return success + failure;
  }

  /** Observations in the histogram; read it only on the processing thread, or after a hand-off. */
  long observations() {
    return seconds.count();
  }
}
