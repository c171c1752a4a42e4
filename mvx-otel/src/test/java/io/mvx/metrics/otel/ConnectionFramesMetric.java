package io.mvx.metrics.otel;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.Map;
import java.util.TreeMap;

/** Frames of one connection by type: one labelled counter value per type seen so far, unit {@code 1}. */
final class ConnectionFramesMetric implements Metric {
  private final Map<String, Long> byType = new TreeMap<>();

  @Override
  public String metricName() {
    return "connection.frames";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof ConnectionEvent io)) {
      return false;
    }
    byType.merge(io.frameType(), 1L, Long::sum);
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    MetricSnapshot.Builder snapshot =
        MetricSnapshot.builder(metricName()).description("Frames by type").unit("1");
    byType.forEach((type, count) -> snapshot.counter("total", count, Map.of("type", type)));
    return snapshot.build();
  }
}
