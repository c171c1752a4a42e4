package io.mvx.metrics.benchmarks;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.util.List;

/** Runtime set-up and verification shared by the MVX side of the benchmarks. */
final class Mvx {

  /** A per-recorder bound no benchmark reaches: the runtime-wide event buffer is the one that matters. */
  static final int UNBOUNDED_QUEUE = Integer.MAX_VALUE;

  private Mvx() {}

  /**
   * A started runtime whose recorders never refuse an event for their own bound, with a shared event buffer
   * of {@code bufferCapacity} events. DROP (the default) so that a full buffer shows up as a drop count the
   * benchmarks check, instead of an exception inside the measured loop.
   */
  static MetricsRuntime runtime(String namespace, int bufferCapacity) {
    MetricsRuntime runtime = MetricsRuntime.builder(namespace)
        .defaultQueueCapacity(UNBOUNDED_QUEUE)
        .defaultOverflowPolicy(OverflowPolicy.DROP)
        .eventBufferCapacity(bufferCapacity)
        .logPolicy(LogPolicy.SILENT)
        .build();
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
    any.getMetricSnapshots();
    RuntimeStats stats = runtime.stats();
    Check.equal(runtime.namespace() + ": dropped events (the event buffer filled up: the measurement "
        + "would include cheap drops)", 0, stats.dropped());
    Check.equal(runtime.namespace() + ": rejected events", 0, stats.rejected());
    Check.equal(runtime.namespace() + ": accepted events", expected, stats.accepted());
    Check.equal(runtime.namespace() + ": processed events", expected, stats.processed());
    long counted = 0;
    for (CounterMetric metric : metrics) {
      counted += metric.count();
    }
    Check.equal(runtime.namespace() + ": events counted by the metrics", expected, counted);
  }
}
