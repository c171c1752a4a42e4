package io.mvx.metrics.prometheus;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.internal.export.PrometheusScrape;
import io.mvx.metrics.prometheus.server.ScrapeDeadline;
import io.prometheus.client.Collector;
import java.util.List;
import java.util.Objects;

/**
 * Exports MVX runtimes to a Prometheus simpleclient {@link io.prometheus.client.CollectorRegistry}.
 *
 * <pre>{@code
 * MetricsRuntime runtime = new MetricsRuntime("example.metrics");
 * runtime.start();
 * new MvxCollector(runtime).register(CollectorRegistry.defaultRegistry);
 * }</pre>
 *
 * <p>Each {@link #collect()} reads exactly one {@link MetricsRuntime#snapshot()} per runtime, so recorders
 * created or removed since the last scrape appear or vanish with it. Names follow the export convention
 * ({@code io.mvx.metrics.internal.export}), which Micrometer's {@code PrometheusMeterRegistry} and the
 * OpenTelemetry specification's Prometheus translation follow too, so one value has one name whichever road
 * it takes. For namespace {@code N}, metric {@code M} and value dimension {@code D} the family is
 * {@code N_M_D} with every character outside {@code [a-zA-Z0-9_:]} replaced by {@code _} (and a {@code _} in
 * front of a leading digit):
 * <ul>
 *   <li>a COUNTER value becomes a counter family named without a trailing {@code _total}, whose sample
 *       is called {@code <family>_total} (dimension {@code total} of metric {@code M}: family {@code N_M},
 *       sample {@code N_M_total});
 *   <li>a GAUGE value becomes a gauge family {@code N_M_D};
 *   <li>a HISTOGRAM value becomes a histogram family {@code N_M_D} with cumulative
 *       {@code N_M_D_bucket{le="…"}} samples (every bound, written by {@code Collector.doubleToGoString}, then
 *       {@code le="+Inf"}), {@code N_M_D_count} and {@code N_M_D_sum}, so {@code histogram_quantile} works on
 *       it; a histogram that keeps only exponential buckets ({@code Histogram.exponential(n)}) exports its
 *       classic view, the {@code +Inf} bucket with its count and sum: simpleclient has no native histograms
 *       (the client_java 1.x adapter, {@code mvx-prometheus-metrics}, exports them);
 *   <li>a unit becomes the family's suffix unless the name already ends with it: {@code By} adds
 *       {@code _bytes}, {@code s} {@code _seconds}, {@code ms} {@code _milliseconds} (dimension
 *       {@code bytes_total} with unit {@code By} gives {@code N_M_bytes_total}; dimension {@code size} gives
 *       {@code N_M_size_bytes}); the dimensionless {@code 1} and annotations such as {@code {event}} add
 *       nothing; the suffix is also the OpenMetrics {@code # UNIT};
 *   <li>HELP is the metric's description, or its name when it has none;
 *   <li>labels are {@code recorder} (the recorder id) followed by the value's own labels.
 * </ul>
 *
 * <p>Exemplars (a runtime with exemplars enabled, see {@code MetricsRuntime.Builder.exemplars}): simpleclient's
 * model carries one exemplar per sample, so a histogram bucket's exemplar rides on its {@code _bucket} sample
 * and a counter's on its {@code _total} sample, labelled {@code trace_id} and {@code span_id}, with the
 * value and timestamp. Only the OpenMetrics writer ({@code Accept: application/openmetrics-text}) writes them;
 * text format 0.0.4 has no place for them and stays as it was. An exemplar whose ids exceed OpenMetrics' 128
 * characters of exemplar labels is left out (logged, throttled).
 *
 * <p>Each runtime's statistics are exported as {@code mvx_runtime_events_accepted_total},
 * {@code _dropped_total}, {@code _rejected_total}, {@code _processed_total},
 * {@code mvx_runtime_handler_errors_total}, {@code mvx_runtime_events_pending},
 * {@code mvx_runtime_recorders}, labelled {@code namespace}, and
 * {@code mvx_runtime_collector_skipped_total{namespace, reason}} counts, per scrape, every series and
 * snapshot this collector left out, by reason ({@code snapshot_failed}, {@code kind_conflict},
 * {@code label_conflict}, {@code name_conflict}, {@code duplicate_series}, ...), as the Micrometer and
 * OpenTelemetry adapters count theirs.
 *
 * <p>{@code collect()} never throws. When the runtime's current cut is late (a metric holds the processing
 * thread) the scrape serves each recorder's last good snapshot and {@code mvx_runtime_snapshot_age_seconds}
 * says how old it is; when even that fails the scrape has that runtime's statistics only. Within one scrape the first series of a family in snapshot order
 * (recorder creation order, then metric registration order, then value order) decides the family's kind,
 * HELP and label keys; a later series with the other kind, other label keys, a label value set already
 * present, or a name overlapping another family ({@code x_total} as a gauge next to counter {@code x}, a gauge
 * {@code x_count} or {@code x_bucket} next to histogram {@code x}) is skipped, and so is a series with a label key starting with {@code __} (reserved by Prometheus); each skip
 * is counted under its {@code reason} and logged through {@link System.Logger} (logger
 * {@code io.mvx.metrics.prometheus}) at most once per ten seconds and reason. Label values are escaped by
 * simpleclient's text writers, so any recorder id is safe.
 *
 * <p>{@link #describe()} returns the {@code mvx_runtime_*} families only: they are the names this collector
 * always exposes, while the others depend on recorders that may not exist yet when
 * {@link io.prometheus.client.CollectorRegistry#register} asks. A registry therefore rejects a second
 * {@code MvxCollector} (whose {@code mvx_runtime_*} families would be written twice; export several
 * runtimes through {@link #MvxCollector(List) one collector} instead) and any collector claiming one of
 * these names. A consequence of simpleclient's design: a registry filtering by {@code name[]} decides by
 * the described names, so a filter that names only application families skips this collector.
 */
public final class MvxCollector extends Collector implements Collector.Describable {

  private final PrometheusScrape scrape;
  private final ThrottledLog log;

  /**
   * A collector for one runtime. It does not own the runtime: shutting the runtime down leaves the
   * collector exporting the final statistics.
   *
   * @param runtime the runtime to export
   */
  public MvxCollector(MetricsRuntime runtime) {
    this(List.of(Objects.requireNonNull(runtime, "runtime")), ThrottledLog.create("io.mvx.metrics.prometheus"));
  }

  /**
   * A collector for several runtimes, exported in list order into the same families (the
   * {@code namespace} label tells their statistics apart).
   *
   * @param runtimes at least one runtime; their namespaces must differ
   */
  public MvxCollector(List<MetricsRuntime> runtimes) {
    this(runtimes, ThrottledLog.create("io.mvx.metrics.prometheus"));
  }

  MvxCollector(List<MetricsRuntime> runtimes, ThrottledLog log) {
    this.scrape = new PrometheusScrape(runtimes, log);
    this.log = log;
  }

  /**
   * The families of one snapshot per runtime, then the {@code mvx_runtime_*} families; never throws. Served by
   * {@link MvxPrometheusServer}, each snapshot waits at most the deadline of the scrape's
   * {@code X-Prometheus-Scrape-Timeout-Seconds} header; otherwise at most the runtime's operation timeout.
   *
   * @return the families, each with all of its samples
   */
  @Override
  public List<MetricFamilySamples> collect() {
    try {
      PrometheusSnapshotExport table = new PrometheusSnapshotExport();
      scrape.collect(table, ScrapeDeadline.current());
      return table.familySamples();
    } catch (RuntimeException failure) {
      log.warn("collect", "MvxCollector could not collect: " + failure, failure);
      return List.of();
    }
  }

  /**
   * The {@code mvx_runtime_*} families (without samples), which every scrape contains; see the class
   * documentation for why the application families are not described.
   *
   * @return the self-metric families
   */
  @Override
  public List<MetricFamilySamples> describe() {
    return PrometheusSelfMetrics.describe();
  }

  @Override
  public String toString() {
    return "MvxCollector" + scrape.namespaces();
  }
}
