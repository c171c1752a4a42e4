package io.mvx.metrics.internal.export;

import java.util.Locale;

/**
 * Why an adapter left a snapshot or a series out of a collection: the {@code reason} label of the skip
 * counter every adapter exports ({@link RuntimeStatistic#SKIPPED_PARTS}). Not API: this enum may change
 * without notice.
 */
public enum SkipReason {
  /** {@code runtime.snapshot()} failed (e.g. timed out); only the runtime's statistics were exported. */
  SNAPSHOT_FAILED,
  /** The name is exported with the other kind (a gauge and a counter with one name). */
  KIND_CONFLICT,
  /** The name is exported with another set of label keys. */
  LABEL_CONFLICT,
  /**
   * The name is taken by something else: it overlaps a name another family writes (a gauge {@code x_total}
   * next to a counter {@code x}, a gauge {@code h_count} next to a histogram {@code h}), it is reserved for the
   * runtime statistics, or, where a backend keeps one source per name (an OpenTelemetry instrument), another
   * metric or dimension already feeds it.
   */
  NAME_CONFLICT,
  /**
   * The exported name already carries a series with exactly these label values in this collection, so the
   * value would be written twice: two metric names or dimensions that map to one exported name (metrics
   * {@code a.b} and {@code a_b}, dimensions {@code x} and {@code x_total} of a counter) in one recorder. Decided
   * per series by {@link ExportedName}; the only meaning of this reason in every adapter.
   */
  DUPLICATE_SERIES,
  /** The name is exported with another unit (a backend that fixes the unit per name). */
  UNIT_CONFLICT,
  /** The name is not valid in the backend (which would drop it silently). */
  INVALID_NAME;

  private final String label = name().toLowerCase(Locale.ROOT);

  /**
   * The value of the {@code reason} label, e.g. {@code kind_conflict}.
   *
   * @return the label value
   */
  public String label() {
    return label;
  }
}
