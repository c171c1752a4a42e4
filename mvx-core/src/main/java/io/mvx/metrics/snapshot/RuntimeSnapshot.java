package io.mvx.metrics.snapshot;

import io.mvx.metrics.internal.Checks;
import io.mvx.metrics.internal.SnapshotFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every registered recorder's metric snapshots, taken in one pass on the runtime's processing thread (one
 * consistent cut), plus the runtime's own statistics.
 *
 * <pre>{@code
 * RuntimeSnapshot snapshot = runtime.snapshot();
 * snapshot.recorders().forEach((recorderId, metrics) ->
 *     metrics.values().forEach(metric -> System.out.println(recorderId + " " + metric.asMap())));
 * }</pre>
 */
public final class RuntimeSnapshot {

  static {
    SnapshotFactory.install((namespace, recorders, stats) ->
        new RuntimeSnapshot(namespace, Collections.unmodifiableMap(recorders), stats));
  }

  private final String namespace;
  private final Map<String, Map<String, MetricSnapshot>> recorders;
  private final RuntimeStats stats;

  private RuntimeSnapshot(
      String namespace, Map<String, Map<String, MetricSnapshot>> recorders, RuntimeStats stats) {
    this.namespace = namespace;
    this.recorders = recorders;
    this.stats = stats;
  }

  /**
   * A snapshot of {@code recorders} (recorder id to metric name to snapshot); the maps are copied and keep
   * their iteration order.
   */
  public static RuntimeSnapshot of(
      String namespace, Map<String, Map<String, MetricSnapshot>> recorders, RuntimeStats stats) {
    Checks.identifier(namespace, "namespace");
    Objects.requireNonNull(recorders, "recorders");
    Objects.requireNonNull(stats, "stats");
    Map<String, Map<String, MetricSnapshot>> copy = new LinkedHashMap<>(recorders.size() * 2);
    recorders.forEach(
        (id, metrics) -> copy.put(Objects.requireNonNull(id, "recorder id"), orderedCopy(metrics)));
    return new RuntimeSnapshot(namespace, Collections.unmodifiableMap(copy), stats);
  }

  /** A snapshot without recorders, as returned by a runtime that is not running. */
  public static RuntimeSnapshot empty(String namespace, RuntimeStats stats) {
    return of(namespace, Map.of(), stats);
  }

  /** The runtime's namespace. */
  public String namespace() {
    return namespace;
  }

  /** Recorder id to metric name to snapshot, in recorder creation and metric registration order. */
  public Map<String, Map<String, MetricSnapshot>> recorders() {
    return recorders;
  }

  /** The runtime's statistics at the time of the snapshot. */
  public RuntimeStats stats() {
    return stats;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RuntimeSnapshot that
        && namespace.equals(that.namespace)
        && recorders.equals(that.recorders)
        && stats.equals(that.stats);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, recorders, stats);
  }

  @Override
  public String toString() {
    return "RuntimeSnapshot{namespace=" + namespace + ", recorders=" + recorders + ", stats=" + stats + "}";
  }

  private static Map<String, MetricSnapshot> orderedCopy(Map<String, MetricSnapshot> metrics) {
    Objects.requireNonNull(metrics, "metrics");
    if (metrics.isEmpty()) {
      return Map.of();
    }
    Map<String, MetricSnapshot> copy = new LinkedHashMap<>(metrics.size() * 2);
    metrics.forEach((name, snapshot) -> copy.put(name, Objects.requireNonNull(snapshot, name)));
    return Collections.unmodifiableMap(copy);
  }
}
