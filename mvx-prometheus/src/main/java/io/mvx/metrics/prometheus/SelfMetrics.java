package io.mvx.metrics.prometheus;

import io.mvx.metrics.snapshot.RuntimeStats;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** The {@code mvx_runtime_*} families: each runtime's own statistics and the collector's skip counter. */
final class SelfMetrics {

  static final String NAMESPACE_LABEL = "namespace";
  static final String REASON_LABEL = "reason";
  static final String SKIPPED = "mvx_runtime_collector_skipped";

  private static final List<String> NAMESPACE_ONLY = List.of(NAMESPACE_LABEL);
  private static final List<String> NAMESPACE_AND_REASON = List.of(NAMESPACE_LABEL, REASON_LABEL);
  private static final String SKIPPED_HELP =
      "Snapshots and series the Prometheus collector left out of scrapes, by reason";

  private SelfMetrics() {}

  /** One statistic of {@link RuntimeStats}. */
  private enum Stat {
    ACCEPTED("mvx_runtime_events_accepted", Type.COUNTER,
        "Events taken into a recorder queue", RuntimeStats::accepted),
    DROPPED("mvx_runtime_events_dropped", Type.COUNTER,
        "Events refused because a recorder queue was full", RuntimeStats::dropped),
    REJECTED("mvx_runtime_events_rejected", Type.COUNTER,
        "Events refused because their recorder was not running", RuntimeStats::rejected),
    PROCESSED("mvx_runtime_events_processed", Type.COUNTER,
        "Accepted events delivered to every metric of their recorder", RuntimeStats::processed),
    HANDLER_ERRORS("mvx_runtime_handler_errors", Type.COUNTER,
        "Exceptions thrown by metrics, snapshots and listeners", RuntimeStats::handlerErrors),
    PENDING("mvx_runtime_events_pending", Type.GAUGE,
        "Accepted events not yet processed", RuntimeStats::pending),
    RECORDERS("mvx_runtime_recorders", Type.GAUGE,
        "Recorders registered now", RuntimeStats::recorders);

    final String family;
    final Type type;
    final String help;
    final ToLongFunction<RuntimeStats> read;

    Stat(String family, Type type, String help, ToLongFunction<RuntimeStats> read) {
      this.family = family;
      this.type = type;
      this.help = help;
      this.read = read;
    }
  }

  /** The families without samples, as {@link io.prometheus.client.Collector.Describable#describe()} wants them. */
  static List<MetricFamilySamples> describe() {
    List<MetricFamilySamples> out = new ArrayList<>(Stat.values().length + 1);
    for (Stat stat : Stat.values()) {
      out.add(new MetricFamilySamples(stat.family, stat.type, stat.help, List.of()));
    }
    out.add(new MetricFamilySamples(SKIPPED, Type.COUNTER, SKIPPED_HELP, List.of()));
    return out;
  }

  /** Declares every family in {@code table}, so that user series cannot take their names. */
  static void declare(FamilyTable table) {
    for (Stat stat : Stat.values()) {
      table.declareOwn(stat.family, stat.type, stat.help, NAMESPACE_ONLY);
    }
    table.declareOwn(SKIPPED, Type.COUNTER, SKIPPED_HELP, NAMESPACE_AND_REASON);
  }

  /**
   * Adds one runtime's samples.
   *
   * @param stats the runtime's statistics, or {@code null} when they could not be read
   * @param skipped the skip count per {@link SkipReason} ordinal
   */
  static void addSamples(FamilyTable table, String namespace, RuntimeStats stats, long[] skipped) {
    List<String> labels = List.of(namespace);
    if (stats != null) {
      for (Stat stat : Stat.values()) {
        table.addOwn(stat.family, labels, stat.read.applyAsLong(stats));
      }
    }
    for (SkipReason reason : SkipReason.values()) {
      table.addOwn(SKIPPED, List.of(namespace, reason.label()), skipped[reason.ordinal()]);
    }
  }
}
