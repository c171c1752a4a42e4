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
  /** The name overlaps a name taken by something else, e.g. a gauge {@code x_total} next to a counter {@code x}. */
  NAME_CONFLICT,
  /** The name already has a series with these label values, e.g. from two names that map to one. */
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
