package io.mvx.metrics.spring.boot.health;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.MetricsRuntimeState;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@code mvx} health contributor says, the same on every Boot line: UP while the runtime's
 * processing thread runs and no handler has hung ({@link RuntimeStats#handlersHung()} counts every hang since
 * start: a hung call may hold its thread for good, so the indicator stays DOWN until a restart); details {@code status}, {@code recorders},
 * {@code pending}, {@code dropped} and {@code hung}. Reads {@link MetricsRuntime#stats()} only, which is
 * cheap and never waits on the processing thread.
 */
final class MvxHealth {

  private final MetricsRuntime runtime;

  MvxHealth(MetricsRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /** True when the runtime is RUNNING and no handler has hung. */
  boolean up(RuntimeStats stats, MetricsRuntimeState state) {
    return state == MetricsRuntimeState.RUNNING && hung(stats) == 0;
  }

  /** One consistent reading: whether it is up, and the details. */
  Reading read() {
    MetricsRuntimeState state = runtime.getStatus();
    RuntimeStats stats = runtime.stats();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("namespace", runtime.namespace());
    details.put("status", state.name());
    details.put("recorders", stats.recorders());
    details.put("pending", stats.pending());
    details.put("dropped", stats.dropped());
    details.put("hung", hung(stats));
    return new Reading(up(stats, state), Map.copyOf(details));
  }

  private static long hung(RuntimeStats stats) {
    return stats.handlersHung();
  }

  /** A health reading. */
  record Reading(boolean up, Map<String, Object> details) {}
}
