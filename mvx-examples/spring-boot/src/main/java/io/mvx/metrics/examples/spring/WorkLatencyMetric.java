package io.mvx.metrics.examples.spring;

import io.mvx.metrics.Histogram;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/**
 * A session's work latency in seconds: metric {@code session.work}, dimension {@code latency}, unit {@code s},
 * so {@code /actuator/prometheus} shows the histogram {@code sessions_demo_session_work_latency_seconds}
 * with its buckets; plus a counter of the work done.
 */
final class WorkLatencyMetric implements Metric {

  /** One piece of work that took {@code seconds}. */
  record WorkDone(double seconds) implements MetricEvent {
    @Override
    public String eventType() {
      return "session.work.done";
    }
  }

  private final Histogram seconds = Histogram.defaultLatencySeconds();
  private long done;

  @Override
  public String metricName() {
    return "session.work";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof WorkDone work)) {
      return false;
    }
    seconds.record(work.seconds());
    done++;
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName())
        .description("Work done in a session and how long it took")
        .unit("s")
        .histogram("latency", seconds.snapshot())
        .build();
  }
}
