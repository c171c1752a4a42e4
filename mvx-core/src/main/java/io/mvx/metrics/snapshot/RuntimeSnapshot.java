package io.mvx.metrics.snapshot;

import io.mvx.metrics.internal.Checks;
import java.time.Duration;
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

  private final String namespace;
  private final Map<String, Map<String, MetricSnapshot>> recorders;
  private final RuntimeStats stats;
  private final Duration age;

  private RuntimeSnapshot(String namespace, Map<String, Map<String, MetricSnapshot>> recorders,
      RuntimeStats stats, Duration age) {
    this.namespace = namespace;
    this.recorders = recorders;
    this.stats = stats;
    this.age = age;
  }

  /**
   * A snapshot of {@code recorders} (recorder id to metric name to snapshot); the maps are copied and keep
   * their iteration order.
   *
   * @param namespace the runtime's namespace; not blank, kept trimmed
   * @param recorders recorder id to metric name to snapshot; no null ids or snapshots
   * @param stats the runtime's statistics
   * @return a fresh snapshot (its {@link #age()} is zero)
   * @throws NullPointerException if an argument, a recorder id or a metric snapshot is null
   * @throws IllegalArgumentException if {@code namespace} is blank or holds control characters
   */
  public static RuntimeSnapshot of(
      String namespace, Map<String, Map<String, MetricSnapshot>> recorders, RuntimeStats stats) {
    String name = Checks.identifier(namespace, "namespace");
    Objects.requireNonNull(recorders, "recorders");
    Objects.requireNonNull(stats, "stats");
    Map<String, Map<String, MetricSnapshot>> copy = new LinkedHashMap<>(recorders.size() * 2);
    recorders.forEach(
        (id, metrics) -> copy.put(Objects.requireNonNull(id, "recorder id"), orderedCopy(metrics)));
    return new RuntimeSnapshot(name, Collections.unmodifiableMap(copy), stats, Duration.ZERO);
  }

  /**
   * A snapshot without recorders, as returned by a runtime that is not running.
   *
   * @param namespace the runtime's namespace; not blank, kept trimmed
   * @param stats the runtime's statistics
   * @return a snapshot with no recorders
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code namespace} is blank or holds control characters
   */
  public static RuntimeSnapshot empty(String namespace, RuntimeStats stats) {
    return of(namespace, Map.of(), stats);
  }

  /**
   * A builder that takes recorders one at a time, for code that builds a snapshot from scratch (the runtime
   * builds one per collection this way). Each recorder's map is copied as it is added.
   *
   * @param namespace the runtime's namespace
   * @param expectedRecorders how many recorders will be added (a sizing hint)
   * @return an empty builder
   * @throws NullPointerException if {@code namespace} is null
   * @throws IllegalArgumentException if {@code namespace} is blank or holds control characters
   */
  public static Builder builder(String namespace, int expectedRecorders) {
    return new Builder(Checks.identifier(namespace, "namespace"), expectedRecorders);
  }

  /**
   * The runtime's namespace.
   *
   * @return the namespace
   */
  public String namespace() {
    return namespace;
  }

  /**
   * Recorder id to metric name to snapshot, in recorder creation and metric registration order.
   *
   * @return the recorders' snapshots, unmodifiable
   */
  public Map<String, Map<String, MetricSnapshot>> recorders() {
    return recorders;
  }

  /**
   * The runtime's statistics at the time of the snapshot.
   *
   * @return the statistics
   */
  public RuntimeStats stats() {
    return stats;
  }

  /**
   * How old the recorder snapshots are: {@link Duration#ZERO} for a fresh cut; when the processing thread
   * could not answer within the caller's deadline (see {@code MetricsRuntime.snapshot(Duration)}), the age of
   * the last good cut served instead. The statistics are always current.
   *
   * @return the age of the recorder snapshots, zero or positive
   */
  public Duration age() {
    return age;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RuntimeSnapshot that
        && namespace.equals(that.namespace)
        && recorders.equals(that.recorders)
        && stats.equals(that.stats)
        && age.equals(that.age);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, recorders, stats, age);
  }

  @Override
  public String toString() {
    return "RuntimeSnapshot{namespace=" + namespace + ", recorders=" + recorders + ", stats=" + stats
        + (age.isZero() ? "" : ", age=" + age) + "}";
  }

  private static Map<String, MetricSnapshot> orderedCopy(Map<String, MetricSnapshot> metrics) {
    Objects.requireNonNull(metrics, "metrics");
    if (metrics.isEmpty()) {
      return Map.of();
    }
    if (metrics.size() == 1) {
      Map.Entry<String, MetricSnapshot> only = metrics.entrySet().iterator().next();
      return Map.of(Objects.requireNonNull(only.getKey(), "metric name"),
          Objects.requireNonNull(only.getValue(), only.getKey()));
    }
    Map<String, MetricSnapshot> copy = new LinkedHashMap<>(metrics.size() * 2);
    metrics.forEach((name, snapshot) -> copy.put(name, Objects.requireNonNull(snapshot, name)));
    return Collections.unmodifiableMap(copy);
  }

  /** Builds a {@link RuntimeSnapshot} one recorder at a time; see {@link #builder(String, int)}. */
  public static final class Builder {
    private final String namespace;
    private final Map<String, Map<String, MetricSnapshot>> recorders;
    private boolean built;
    private Duration age = Duration.ZERO;

    private Builder(String namespace, int expectedRecorders) {
      this.namespace = namespace;
      this.recorders = new LinkedHashMap<>(Math.max(16, expectedRecorders * 4 / 3 + 1));
    }

    /**
     * Adds a recorder's snapshots (metric name to snapshot, in registration order); a recorder added twice
     * keeps the second.
     *
     * @param recorderId the recorder's id
     * @param metrics metric name to snapshot; copied
     * @return this builder
     * @throws NullPointerException if {@code recorderId}, {@code metrics} or a snapshot in it is null
     * @throws IllegalStateException if this builder has already built its snapshot
     */
    public Builder recorder(String recorderId, Map<String, MetricSnapshot> metrics) {
      if (built) {
        throw new IllegalStateException("recorder '" + recorderId + "': this builder has already built its snapshot");
      }
      recorders.put(Objects.requireNonNull(recorderId, "recorderId"), orderedCopy(metrics));
      return this;
    }

    /**
     * Marks the snapshot as served from an older cut of this age (default zero: a fresh cut).
     *
     * @param age not negative
     * @return this builder
     * @throws NullPointerException if {@code age} is null
     * @throws IllegalArgumentException if {@code age} is negative
     */
    public Builder age(Duration age) {
      Objects.requireNonNull(age, "age");
      if (age.isNegative()) {
        throw new IllegalArgumentException(age + ": age must not be negative");
      }
      this.age = age;
      return this;
    }

    /**
     * The snapshot of the recorders added, with the runtime's statistics {@code stats}; a builder builds
     * once (the snapshot takes over its map instead of copying it).
     *
     * @param stats the runtime's statistics
     * @return the snapshot
     * @throws NullPointerException if {@code stats} is null
     * @throws IllegalStateException if this builder has already built its snapshot
     */
    public RuntimeSnapshot build(RuntimeStats stats) {
      Objects.requireNonNull(stats, "stats");
      if (built) {
        throw new IllegalStateException("this builder has already built its snapshot");
      }
      built = true;
      return new RuntimeSnapshot(namespace, Collections.unmodifiableMap(recorders), stats, age);
    }
  }
}
