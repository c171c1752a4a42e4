package io.mvx.metrics.otel;

import io.opentelemetry.api.common.Attributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The start time of each cumulative histogram series: when a collection first saw it. A series missing from
 * a collection is forgotten (its recorder or metric is gone; if it comes back it starts again), and so is one
 * whose count went down (its histogram was replaced): both start anew at the collection that sees them. Not
 * thread-safe: used under the producer's lock.
 */
final class SeriesStarts {

  private record Key(String name, Attributes attributes) {}

  private static final class Start {
    long nanos;
    long count;
    long seen;
  }

  private final Map<Key, Start> starts = new HashMap<>();
  private long collection;

  /** Begins a collection; series not seen by its end are forgotten by {@link #endCollection()}. */
  void beginCollection() {
    collection++;
  }

  /**
   * The start of series {@code name}/{@code attributes} whose count is now {@code count}.
   *
   * @param nowNanos the collection's time, the start of a series seen for the first time
   */
  long startOf(String name, Attributes attributes, long count, long nowNanos) {
    Start start = starts.computeIfAbsent(new Key(name, attributes), key -> new Start());
    if (start.seen == 0 || count < start.count) {
      start.nanos = nowNanos;
    }
    start.count = count;
    start.seen = collection;
    return start.nanos;
  }

  /** Forgets the series the collection did not see. */
  void endCollection() {
    starts.values().removeIf(start -> start.seen != collection);
  }

  /** The number of series remembered. */
  int size() {
    return starts.size();
  }
}
