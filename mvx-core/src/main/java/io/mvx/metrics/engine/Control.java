package io.mvx.metrics.engine;

import io.mvx.metrics.Metric;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What callers hand the processing thread besides events, through the {@link ControlQueue}. None of them is
 * waited for by a lifecycle call: the registry has already changed when one is queued, and the processing
 * thread catches up (runs listeners, drains, takes snapshots). The processing thread takes every event
 * published before it polls a batch of controls before it runs them, which is what gives snapshots
 * read-your-writes.
 */
sealed interface Control {

  /** Run {@code onStarting} of a created or restarted recorder and link it (unless an event did first). */
  record Attach(DefaultRecorder recorder) implements Control {}

  /** Tell the registry listeners about a metric registered in a running recorder. */
  record MetricAdded(DefaultRecorder recorder, Metric metric, String name) implements Control {}

  /** Complete a stop (and a removal) once the recorder has processed every event it accepted. */
  record Stop(DefaultRecorder recorder) implements Control {}

  /** Stop every recorder and end the processing thread once all have drained. */
  record Shutdown() implements Control {}

  /** A snapshot of every registered recorder, in one pass. */
  final class SnapshotRequest extends CompletableFuture<RuntimeSnapshot> implements Control {}

  /** The snapshots of one recorder's metrics ({@code getMetricSnapshots}). */
  final class RecorderSnapshotRequest extends CompletableFuture<Map<String, MetricSnapshot>> implements Control {
    final DefaultRecorder recorder;

    RecorderSnapshotRequest(DefaultRecorder recorder) {
      this.recorder = recorder;
    }
  }
}
