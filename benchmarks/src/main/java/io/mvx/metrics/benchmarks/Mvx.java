package io.mvx.metrics.benchmarks;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.util.List;

/** Runtime set-up and verification shared by the MVX side of the benchmarks. */
final class Mvx {

  private Mvx() {}

  /**
   * A started runtime with the default settings users get (only logging is silenced): the default
   * per-recorder {@code queueCapacity} and runtime-wide {@code eventBufferCapacity}, and DROP, so that a queue
   * that fills up shows as a drop count the benchmarks check (and fail on) instead of an exception inside the
   * measured loop.
   *
   * <p>Two system properties override the capacities, for measuring a design that cannot keep up with its
   * defaults (the previous hand-off, in the old/new comparison of docs/PERFORMANCE.md):
   * {@code mvx.bench.queueCapacity} and {@code mvx.bench.eventBufferCapacity}. Reports say when they were set.
   * A third, {@code mvx.bench.maxRecorders}, lets a footprint run hold more than the default 100,000 recorders.
   */
  static MetricsRuntime runtime(String namespace) {
    return runtime(namespace, Integer.getInteger("mvx.bench.queueCapacity"));
  }

  /**
   * Like {@link #runtime(String)} with a per-recorder {@code queueCapacity} of {@code queueCapacity}, for a
   * benchmark whose burst must fit in one recorder's queue (it says why); null keeps the default.
   */
  static MetricsRuntime runtime(String namespace, Integer queueCapacity) {
    MetricsRuntime.Builder builder = MetricsRuntime.builder(namespace)
        .defaultOverflowPolicy(OverflowPolicy.DROP)
        .logPolicy(LogPolicy.SILENT);
    Integer queue = queueCapacity;
    if (queue != null) {
      builder.defaultQueueCapacity(queue);
    }
    Integer recorders = Integer.getInteger("mvx.bench.maxRecorders");
    if (recorders != null) {
      builder.maxRecorders(recorders);
    }
    Integer buffer = Integer.getInteger("mvx.bench.eventBufferCapacity");
    if (buffer != null) {
      builder.eventBufferCapacity(buffer);
    }
    MetricsRuntime runtime = builder.build();
    runtime.start();
    return runtime;
  }

  /**
   * Waits until every event accepted so far is processed and checks the accounting: nothing dropped or
   * rejected, accepted == processed, and the given metrics counted exactly {@code expected} events.
   *
   * <p>{@code any} recorder of the runtime serves for the wait: its {@code getMetricSnapshots()} travels
   * through the runtime's one FIFO behind every earlier event, and its completion makes the processing
   * thread's writes to the metrics visible here, so their counts can be read directly (no runtime-wide
   * snapshot, whose allocation would be charged to the measured iteration by {@code -prof gc}).
   */
  static void drainAndVerify(MetricsRuntime runtime, RuntimeRecorder any, List<CounterMetric> metrics,
      long expected) {
    drainAndVerifyRuntime(runtime, any, expected);
    long counted = 0;
    for (CounterMetric metric : metrics) {
      counted += metric.count();
    }
    Check.equal(runtime.namespace() + ": events counted by the metrics", expected, counted);
  }

  /**
   * The runtime's half of {@link #drainAndVerify}, for benchmarks whose metrics count in their own way: waits
   * through {@code any} recorder, then checks that nothing was dropped or rejected and that accepted ==
   * processed == {@code expected}.
   */
  static void drainAndVerifyRuntime(MetricsRuntime runtime, RuntimeRecorder any, long expected) {
    any.getMetricSnapshots();
    RuntimeStats stats = runtime.stats();
    Check.equal(runtime.namespace() + ": dropped events (a recorder's queue or the runtime's event buffer "
        + "filled up: the measurement would include cheap drops)", 0, stats.dropped());
    Check.equal(runtime.namespace() + ": rejected events", 0, stats.rejected());
    Check.equal(runtime.namespace() + ": accepted events", expected, stats.accepted());
    Check.equal(runtime.namespace() + ": processed events", expected, stats.processed());
  }
}
