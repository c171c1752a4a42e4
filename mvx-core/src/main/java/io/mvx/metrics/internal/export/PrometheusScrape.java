package io.mvx.metrics.internal.export;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.internal.Checks;
import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.snapshot.Exemplar;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.ValueKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Prometheus collection of one or more runtimes, for both Prometheus adapters: one snapshot per runtime
 * ({@link PrometheusSnapshotWalk}, within the scrape's deadline), every series offered to one
 * {@link PrometheusFamilyRules}, then the runtime statistics ({@link #OWN_FAMILIES}) and the skip counter,
 * labelled {@code namespace}. Each adapter supplies only the {@link Table} that writes its own model, so the
 * two adapters write the same families and skip the same series. Not API: this class may change without
 * notice.
 */
public final class PrometheusScrape {

  /** A family the adapter fills itself: the runtime statistics and the skip counter. */
  public record OwnFamily(String name, ValueKind kind, String help, List<String> labelNames) {}

  private static final List<String> NAMESPACE_ONLY = List.of(ReservedKeys.NAMESPACE);
  private static final List<String> NAMESPACE_AND_REASON = List.of(ReservedKeys.NAMESPACE, ReservedKeys.REASON);
  private static final RuntimeStatistic[] STATISTICS = RuntimeStatistic.values();

  /** The families of the runtime statistics, in {@link RuntimeStatistic} order, then the skip counter. */
  public static final List<OwnFamily> OWN_FAMILIES = ownFamilies();

  /** Where a scrape writes: an adapter's model of one exposition. */
  public interface Table {
    /**
     * Opens a family, before its first series; called once per family and scrape, in the order families
     * are written (application families in snapshot order, then {@link #OWN_FAMILIES}).
     *
     * @param name the family name (a counter's without {@code _total})
     * @param kind the family's kind
     * @param help the family's HELP
     * @param unitSuffix the unit suffix the name ends with, {@code ""} for none
     * @param labelNames the label keys of its series
     */
    void family(String name, ValueKind kind, String help, String unitSuffix, List<String> labelNames);

    /**
     * Adds one admitted series to an opened family.
     *
     * @param family the family name
     * @param labelValues the label values, in the order of the family's label keys
     * @param value the value (a histogram's count)
     * @param histogram the distribution of a histogram, with its exemplars (each fits OpenMetrics' limit),
     *     else null
     * @param exemplar a counter's exemplar (it fits OpenMetrics' limit), else null
     * @param recorderId the recorder of an application series, for messages; null for the statistics
     */
    void series(String family, List<String> labelValues, double value, HistogramValue histogram,
        Exemplar exemplar, String recorderId);
  }

  private final List<PrometheusSnapshotWalk> walks;

  /**
   * A collection of {@code runtimes}, in list order, into the same families.
   *
   * @param runtimes at least one runtime; their namespaces must differ
   * @param log where skips and failures are logged, throttled
   */
  public PrometheusScrape(List<MetricsRuntime> runtimes, ThrottledLog log) {
    List<PrometheusSnapshotWalk> list = new ArrayList<>(runtimes.size());
    for (MetricsRuntime runtime : Checks.distinctRuntimes(runtimes, "runtimes")) {
      list.add(new PrometheusSnapshotWalk(runtime, log));
    }
    this.walks = List.copyOf(list);
  }

  /**
   * The namespaces of the runtimes, in order.
   *
   * @return the namespaces
   */
  public List<String> namespaces() {
    List<String> out = new ArrayList<>(walks.size());
    walks.forEach(walk -> out.add(walk.namespace()));
    return out;
  }

  /**
   * Reads one snapshot per runtime and writes every admitted series, then the statistics, to {@code table}.
   *
   * @param table the adapter's model of this scrape
   * @param deadline how long each snapshot may take (at most the runtime's operation timeout), or null for
   *     the runtime's operation timeout
   */
  public void collect(Table table, Duration deadline) {
    PrometheusFamilyRules rules = new PrometheusFamilyRules(walks.size() == 1);
    for (OwnFamily own : OWN_FAMILIES) {
      rules.declareOwn(own.name(), own.kind());
    }
    List<RuntimeSnapshot> served = new ArrayList<>(walks.size());
    for (PrometheusSnapshotWalk walk : walks) {
      served.add(walk.exportTo((family, kind, help, unit, labelNames, labelValues, value, histogram, exemplar,
          recorder) -> {
        boolean known = rules.exists(family);
        SkipReason refused = rules.admit(family, kind, labelNames, labelValues);
        if (refused == null) {
          if (!known) {
            table.family(family, kind, help, unit, List.copyOf(labelNames));
          }
          table.series(family, labelValues, value, histogram, exemplar, recorder);
        }
        return refused;
      }, deadline));
    }
    for (OwnFamily own : OWN_FAMILIES) {
      table.family(own.name(), own.kind(), own.help(), "", own.labelNames());
    }
    for (int i = 0; i < walks.size(); i++) {
      String namespace = walks.get(i).namespace();
      RuntimeSnapshot snapshot = served.get(i);
      if (snapshot != null) {
        for (RuntimeStatistic statistic : STATISTICS) {
          table.series(OWN_FAMILIES.get(statistic.ordinal()).name(), List.of(namespace), statistic.read(snapshot),
              null, null, null);
        }
      }
      SkipCounter skipped = walks.get(i).skipped();
      for (SkipReason reason : SkipReason.values()) {
        table.series(PrometheusExportNames.skippedFamily(), List.of(namespace, reason.label()), skipped.get(reason),
            null, null, null);
      }
    }
  }

  private static List<OwnFamily> ownFamilies() {
    List<OwnFamily> out = new ArrayList<>(RuntimeStatistic.values().length + 1);
    for (RuntimeStatistic statistic : RuntimeStatistic.values()) {
      out.add(new OwnFamily(PrometheusExportNames.runtimeFamily(statistic), statistic.kind(),
          statistic.description(), NAMESPACE_ONLY));
    }
    out.add(new OwnFamily(PrometheusExportNames.skippedFamily(), ValueKind.COUNTER,
        RuntimeStatistic.SKIPPED_DESCRIPTION, NAMESPACE_AND_REASON));
    return List.copyOf(out);
  }
}
