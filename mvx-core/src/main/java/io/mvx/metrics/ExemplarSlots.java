package io.mvx.metrics;

import io.mvx.metrics.snapshot.Exemplar;
import java.util.ArrayList;
import java.util.List;

/**
 * The latest exemplar of each of a fixed number of slots (a histogram's classic buckets, a counter's one
 * series), kept as parallel arrays so that keeping one allocates nothing: the {@link Exemplar}s are built only
 * by {@link #exemplars()}, at snapshot time. Single-threaded, like the metric that owns it; made at the first
 * exemplar, so a metric that never sees a trace holds none.
 */
final class ExemplarSlots {

  private final TraceContext[] traces;
  private final double[] values;
  private final long[] epochMillis;

  ExemplarSlots(int slots) {
    this.traces = new TraceContext[slots];
    this.values = new double[slots];
    this.epochMillis = new long[slots];
  }

  /** Makes {@code value}, observed now in {@code trace}, the latest exemplar of {@code slot}. */
  void keep(int slot, TraceContext trace, double value) {
    traces[slot] = trace;
    values[slot] = value;
    epochMillis[slot] = System.currentTimeMillis();
  }

  /** The exemplar of {@code slot}, or null when it has none. */
  Exemplar exemplar(int slot) {
    TraceContext trace = traces[slot];
    return trace == null ? null
        : new Exemplar(trace.traceId(), trace.spanId(), values[slot], Math.max(0, epochMillis[slot]));
  }

  /** The exemplars of the slots that have one, in slot order. */
  List<Exemplar> exemplars() {
    List<Exemplar> out = new ArrayList<>(traces.length);
    for (int slot = 0; slot < traces.length; slot++) {
      Exemplar exemplar = exemplar(slot);
      if (exemplar != null) {
        out.add(exemplar);
      }
    }
    return out;
  }
}
