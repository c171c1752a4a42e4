package io.mvx.metrics.internal.export;

import io.mvx.metrics.snapshot.ValueKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which series one Prometheus scrape takes, for both Prometheus adapters (simpleclient and client_java 1.x),
 * so that both skip exactly the same series. Each family name gets the convention's {@link ExportedName} rule
 * (the first series fixes its kind and label keys); on top of it a family claims every name it occupies in an
 * exposition ({@link PrometheusExportNames#occupiedNames}), so a family whose names overlap another's is
 * refused with {@link SkipReason#NAME_CONFLICT}, whichever comes first; a histogram carrying an {@code le}
 * label is refused with {@link SkipReason#LABEL_CONFLICT} (its buckets would carry the label twice). The
 * outcome depends only on the order in which series are offered. Not thread-safe: one instance per scrape.
 * Not API: this class may change without notice.
 */
public final class PrometheusFamilyRules {

  /** Every name some family occupies. */
  private final Set<String> namesInUse = new HashSet<>();
  /** Each family to its rule; {@link #OWN} for a family the adapter fills itself. */
  private final Map<String, ExportedName> families = new HashMap<>();
  private final boolean singleRuntime;

  private static final ExportedName OWN = new ExportedName(ValueKind.GAUGE, List.of(), true);

  /**
   * The rules of one scrape.
   *
   * @param singleRuntime whether one runtime snapshot feeds the scrape (see {@link ExportedName})
   */
  public PrometheusFamilyRules(boolean singleRuntime) {
    this.singleRuntime = singleRuntime;
  }

  /**
   * Reserves the names of a family the adapter fills itself (the runtime statistics): no series joins it.
   *
   * @param familyName the family name
   * @param kind its kind
   * @throws IllegalStateException when one of its names is taken already
   */
  public void declareOwn(String familyName, ValueKind kind) {
    if (!occupy(familyName, kind, OWN)) {
      throw new IllegalStateException(familyName + ": family declared twice");
    }
  }

  /**
   * Offers one series.
   *
   * @param familyName the family name (a counter's without {@code _total})
   * @param kind the series' kind
   * @param labelNames its label keys, the recorder first
   * @param labelValues its label values, in the same order
   * @return {@code null} when admitted, else why it is refused
   */
  public SkipReason admit(String familyName, ValueKind kind, List<String> labelNames, List<String> labelValues) {
    if (kind == ValueKind.HISTOGRAM && labelNames.contains(ReservedKeys.LE)) {
      return SkipReason.LABEL_CONFLICT;
    }
    ExportedName rule = families.get(familyName);
    if (rule == null) {
      rule = new ExportedName(kind, labelNames, singleRuntime);
      if (!occupy(familyName, kind, rule)) {
        return SkipReason.NAME_CONFLICT;
      }
    } else if (rule == OWN) {
      return SkipReason.NAME_CONFLICT;
    }
    return rule.admit(kind, labelNames, labelValues);
  }

  /**
   * Whether {@code familyName} is a family that has admitted series or was declared.
   *
   * @param familyName the family name
   * @return whether the family exists in this scrape
   */
  public boolean exists(String familyName) {
    return families.containsKey(familyName);
  }

  private boolean occupy(String familyName, ValueKind kind, ExportedName rule) {
    List<String> names = PrometheusExportNames.occupiedNames(familyName, kind);
    for (String name : names) {
      if (namesInUse.contains(name)) {
        return false;
      }
    }
    for (String name : names) {
      namesInUse.add(name);
    }
    families.put(familyName, rule);
    return true;
  }
}
