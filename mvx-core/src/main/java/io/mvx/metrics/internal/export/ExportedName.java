package io.mvx.metrics.internal.export;

import io.mvx.metrics.snapshot.ValueKind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One exported name within one collection, and the rule every adapter applies to the series offered under
 * it: the first series fixes the name's kind and label keys; a later series of the other kind
 * ({@link SkipReason#KIND_CONFLICT}), with other label keys ({@link SkipReason#LABEL_CONFLICT}) or with label
 * values already present ({@link SkipReason#DUPLICATE_SERIES}) is refused. The outcome depends only on the
 * order in which series are offered (snapshot order). Not thread-safe: one instance per name and
 * collection. Not API: this class may change without notice.
 *
 * <p>Label keys and values are given in the same order, the recorder first. When one runtime snapshot feeds
 * the name, series that carry only the recorder label arrive grouped by recorder, each recorder once, so a
 * repeat is caught by comparing with the previous recorder, without a set.
 */
public final class ExportedName {

  private final ValueKind kind;
  private final List<String> labelKeys;
  private final boolean oneSnapshot;
  /** Label values seen, for series carrying more than the recorder label (or fed by several snapshots). */
  private Set<List<String>> series;
  /** The recorder of the last recorder-only series. */
  private String lastRecorderOnly;

  /**
   * A name whose first series has {@code kind} and {@code labelKeys}.
   *
   * @param kind the kind of the first series
   * @param labelKeys the label keys of the first series, the recorder key first
   * @param oneSnapshot whether one runtime snapshot feeds this name in this collection
   */
  public ExportedName(ValueKind kind, List<String> labelKeys, boolean oneSnapshot) {
    this.kind = kind;
    this.labelKeys = List.copyOf(labelKeys);
    this.oneSnapshot = oneSnapshot;
  }

  /**
   * The kind fixed by the first series.
   *
   * @return the kind
   */
  public ValueKind kind() {
    return kind;
  }

  /**
   * The label keys fixed by the first series.
   *
   * @return the label keys
   */
  public List<String> labelKeys() {
    return labelKeys;
  }

  /**
   * Offers one series.
   *
   * @param seriesKind the series' kind
   * @param seriesKeys its label keys, in the order of {@link #labelKeys()}
   * @param seriesValues its label values, in the same order
   * @return {@code null} when the series is admitted, else why it is refused
   */
  public SkipReason admit(ValueKind seriesKind, List<String> seriesKeys, List<String> seriesValues) {
    if (seriesKind != kind) {
      return SkipReason.KIND_CONFLICT;
    }
    if (!labelKeys.equals(seriesKeys)) {
      return SkipReason.LABEL_CONFLICT;
    }
    if (seriesValues.size() == 1 && oneSnapshot) {
      String recorder = seriesValues.get(0);
      if (recorder.equals(lastRecorderOnly)) {
        return SkipReason.DUPLICATE_SERIES;
      }
      lastRecorderOnly = recorder;
      return null;
    }
    if (series == null) {
      series = new HashSet<>();
    }
    return series.add(List.copyOf(seriesValues)) ? null : SkipReason.DUPLICATE_SERIES;
  }
}
