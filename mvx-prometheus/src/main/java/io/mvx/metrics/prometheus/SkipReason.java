package io.mvx.metrics.prometheus;

import java.util.Locale;

/** Why the collector left a snapshot or a series out of a scrape; the {@code reason} label of the skip counter. */
enum SkipReason {
  /** {@code runtime.snapshot()} failed (e.g. timed out); only the runtime's statistics were exported. */
  SNAPSHOT_FAILED,
  /** The family exists with the other kind (a gauge and a counter with one name). */
  KIND_CONFLICT,
  /** The family exists with another set of label keys. */
  LABEL_CONFLICT,
  /** The family's names overlap another family's, e.g. a gauge {@code x_total} next to a counter {@code x}. */
  NAME_CONFLICT,
  /** The family already has a series with these label values, e.g. from two names that sanitise alike. */
  DUPLICATE_SERIES;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The value of the {@code reason} label. */
  String label() {
    return label;
  }
}
