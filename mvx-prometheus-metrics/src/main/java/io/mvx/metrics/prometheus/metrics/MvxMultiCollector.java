package io.mvx.metrics.prometheus.metrics;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.internal.export.PrometheusScrape;
import io.mvx.metrics.prometheus.server.ScrapeDeadline;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Exports MVX runtimes to a Prometheus client_java 1.x {@link io.prometheus.metrics.model.registry.PrometheusRegistry}.
 *
 * <pre>{@code
 * MetricsRuntime runtime = new MetricsRuntime("example.metrics");
 * runtime.start();
 * PrometheusRegistry registry = new PrometheusRegistry();
 * registry.register(new MvxMultiCollector(runtime));
 * // serve it: MvxPrometheusMetricsServer.builder(registry), or any client_java 1.x HTTPServer or servlet
 * }</pre>
 *
 * <p>The output is {@code MvxCollector}'s (module {@code mvx-prometheus}, simpleclient): the same series
 * names, labels, HELP, units, self-metrics and skipping, through the same export convention
 * ({@code io.mvx.metrics.internal.export}). Each {@link #collect()} reads exactly one
 * {@link MetricsRuntime#snapshot()} per runtime. For namespace {@code N}, metric {@code M} and value
 * dimension {@code D} the family is {@code N_M_D} with every character outside {@code [a-zA-Z0-9_:]} replaced
 * by {@code _}, then the unit's word as a suffix unless the name already ends with it ({@code By} adds
 * {@code _bytes}, {@code s} {@code _seconds}, {@code ms} {@code _milliseconds}; the same word is the family's
 * 1.x {@link io.prometheus.metrics.model.snapshots.Unit}, written as the OpenMetrics {@code # UNIT}):
 * <ul>
 *   <li>a COUNTER value becomes a {@code CounterSnapshot} named without its trailing {@code _total}; the 1.x
 *       writers add {@code _total} to its samples;
 *   <li>a GAUGE value becomes a {@code GaugeSnapshot};
 *   <li>a HISTOGRAM value becomes a {@code HistogramSnapshot} with its classic buckets and, when the value
 *       has an exponential form (a metric's {@code Histogram.exponential(maxBuckets)}), a native histogram:
 *       schema = the form's scale (merged down to 8 when finer; a scale below -4, which only a histogram with
 *       too few buckets for its range reaches, is exported with classic buckets only and logged), native
 *       bucket index = the core's bucket index + 1 (Prometheus names a bucket by its upper bound), zero
 *       bucket = exact zeros. The text formats carry the classic buckets (the {@code +Inf} bucket alone for a
 *       purely exponential histogram); the protobuf format, which a Prometheus server started with
 *       {@code --enable-feature=native-histograms} asks for, carries the native buckets too;
 *   <li>HELP is the metric's description, or its name when it has none;
 *   <li>labels are {@code recorder} (the recorder id) and the value's own labels.
 * </ul>
 *
 * <p>Exemplars (a runtime with exemplars enabled, see {@code MetricsRuntime.Builder.exemplars}): a histogram
 * bucket's exemplar and a counter's become client_java exemplars labelled {@code trace_id} and
 * {@code span_id}, with value and timestamp. The OpenMetrics text ({@code Accept: application/openmetrics-text})
 * writes each on the classic bucket its value falls in (a native-only histogram's on its {@code +Inf} bucket)
 * and on the counter's {@code _total}; the protobuf format carries them on classic buckets, counters and, as
 * far as the client_java version writes them, native histograms; text format 0.0.4 has no place for them and
 * stays as it was. An exemplar whose ids exceed OpenMetrics' 128 characters of exemplar labels is left out
 * (logged, throttled).
 *
 * <p>Each runtime's statistics are the families {@code mvx_runtime_events_accepted_total},
 * {@code _dropped_total}, {@code _rejected_total}, {@code _processed_total},
 * {@code mvx_runtime_handler_errors_total}, {@code mvx_runtime_events_pending} and
 * {@code mvx_runtime_recorders}, labelled {@code namespace}, and
 * {@code mvx_runtime_collector_skipped_total{namespace, reason}} counts every series and snapshot left out.
 *
 * <p>{@code collect()} never throws. When the runtime's current cut is late (a metric holds the processing
 * thread) the scrape serves each recorder's last good snapshot and {@code mvx_runtime_snapshot_age_seconds}
 * says how old it is; when even that fails the scrape has that runtime's statistics only. Within one scrape the first series of a family in snapshot order
 * (recorder creation order, then metric registration order, then value order) decides the family's kind,
 * HELP and label keys; a later series with the other kind, other label keys, a label value set already
 * present, or a name overlapping another family's ({@code x_total} as a gauge next to counter {@code x}) is
 * skipped, counted under its {@code reason} and logged through {@link System.Logger} (logger
 * {@code io.mvx.metrics.prometheus.metrics}) at most once per ten seconds and reason.
 *
 * <p>Declared names: {@link #getMetricFamilyDescriptors()} (and the older {@link #getPrometheusNames()})
 * declare the {@code mvx_runtime_*} families only, with their types, HELP and label names: they are the
 * families this collector always writes, whereas the others depend on recorders that may not exist yet when
 * {@link io.prometheus.metrics.model.registry.PrometheusRegistry#register(MultiCollector)} asks, and may
 * change with every scrape. A registry therefore rejects a second {@code MvxMultiCollector} (export several
 * runtimes through {@link #MvxMultiCollector(List) one collector} instead) and any collector claiming one of
 * those names. As with {@code MvxCollector}, a scrape filtered by name ({@code name[]} on the HTTP server)
 * is decided by the declared names, so a filter naming only application families skips this collector.
 */
public final class MvxMultiCollector implements MultiCollector {

  private static final String LOGGER = "io.mvx.metrics.prometheus.metrics";

  private final PrometheusScrape scrape;
  private final ThrottledLog log;

  /**
   * A collector for one runtime. It does not own the runtime: shutting the runtime down leaves the
   * collector exporting the final statistics.
   *
   * @param runtime the runtime to export
   */
  public MvxMultiCollector(MetricsRuntime runtime) {
    this(List.of(Objects.requireNonNull(runtime, "runtime")), ThrottledLog.create(LOGGER));
  }

  /**
   * A collector for several runtimes, exported in list order into the same families (the {@code namespace}
   * label tells their statistics apart).
   *
   * @param runtimes at least one runtime; their namespaces must differ
   */
  public MvxMultiCollector(List<MetricsRuntime> runtimes) {
    this(runtimes, ThrottledLog.create(LOGGER));
  }

  MvxMultiCollector(List<MetricsRuntime> runtimes, ThrottledLog log) {
    this.scrape = new PrometheusScrape(runtimes, log);
    this.log = log;
  }

  /**
   * The families of one snapshot per runtime, then the {@code mvx_runtime_*} families; never throws. Each
   * snapshot waits at most the runtime's operation timeout.
   *
   * @return the metric snapshots of this scrape
   */
  @Override
  public MetricSnapshots collect() {
    return collect((Duration) null);
  }

  /**
   * {@link #collect()} for one HTTP scrape: when the request carries Prometheus'
   * {@code X-Prometheus-Scrape-Timeout-Seconds} header, each snapshot waits at most 85% of it (never less
   * than 100 ms, never more than the runtime's operation timeout), and a late cut is served from each
   * recorder's last good snapshot, with {@code mvx_runtime_snapshot_age_seconds} saying how old it is.
   *
   * @param request the scrape request; its header counts when it is an HTTP request
   * @return the metric snapshots of this scrape
   */
  @Override
  public MetricSnapshots collect(PrometheusScrapeRequest request) {
    return collect(request instanceof PrometheusHttpRequest http
        ? ScrapeDeadline.fromHeader(http.getHeader(ScrapeDeadline.HEADER)) : null);
  }

  private MetricSnapshots collect(Duration deadline) {
    try {
      PrometheusMetricsSnapshotExport table = new PrometheusMetricsSnapshotExport(log);
      scrape.collect(table, deadline);
      return table.snapshots();
    } catch (RuntimeException failure) {
      log.warn("collect", "MvxMultiCollector could not collect: " + failure, failure);
      return new MetricSnapshots();
    }
  }

  /**
   * The {@code mvx_runtime_*} families every scrape contains, with their types, HELP and label names, for the
   * registry's duplicate checks; see the class documentation for why the application families are not
   * declared.
   *
   * @return the self-metric families
   */
  @Override
  public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
    return PrometheusMetricsSelfMetrics.descriptors();
  }

  /**
   * The names of {@link #getMetricFamilyDescriptors()}, for callers of this older method.
   *
   * @return the self-metric family names, e.g. {@code mvx_runtime_events_accepted}
   */
  @Override
  @SuppressWarnings("deprecation")
  public List<String> getPrometheusNames() {
    return PrometheusMetricsSelfMetrics.names();
  }

  @Override
  public String toString() {
    return "MvxMultiCollector" + scrape.namespaces();
  }
}
