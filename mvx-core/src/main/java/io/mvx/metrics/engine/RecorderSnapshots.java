package io.mvx.metrics.engine;

import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A caller's wait for one recorder's snapshots ({@code getMetricSnapshots}), which only the processing thread
 * may take: a stopping recorder's final ones once it has drained, a stopped or failed recorder's final ones at
 * once, a running recorder's current ones by a request to the processing thread. Every wait keeps
 * {@code operationTimeout}.
 */
final class RecorderSnapshots {

  private final Engine engine;
  private final RegistryUpkeep upkeep;

  RecorderSnapshots(Engine engine, RegistryUpkeep upkeep) {
    this.engine = engine;
    this.upkeep = upkeep;
  }

  /** A recorder's metric snapshots: its final ones, or the current ones taken on the processing thread. */
  Map<String, MetricSnapshot> of(DefaultRecorder recorder) {
    engine.log().inspection("getMetricSnapshots of recorder '" + recorder.id + "'");
    CompletableFuture<Void> stopping;
    synchronized (recorder) {
      stopping = recorder.state == MetricsRecorderState.STOPPING ? recorder.stopped() : null;
    }
    if (stopping != null) {
      await(stopping, "getMetricSnapshots"); // its final snapshot holds every event accepted before the stop
    }
    if (recorder.hasFinalState()) {
      return recorder.finalSnapshots();
    }
    if (engine.onProcessingThread()) {
      return upkeep.currentSnapshots(recorder, engine.currentLoop());
    }
    Control.RecorderSnapshotRequest request = new Control.RecorderSnapshotRequest(recorder);
    engine.controls().offer(request);
    try {
      return await(request, "getMetricSnapshots");
    } catch (MetricsException e) {
      if (recorder.hasFinalState()) {
        return recorder.finalSnapshots(); // stopped or failed while the request was on its way
      }
      throw e;
    }
  }

  private <T> T await(CompletableFuture<T> future, String operation) {
    Duration timeout = engine.operationTimeout();
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new MetricsException(MetricsException.OPERATION_TIMEOUT, operation + " on runtime '" + engine.namespace()
          + "' did not complete within operationTimeout " + timeout,
          Map.of("namespace", engine.namespace(), "operation", operation, "timeout", timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricsException(MetricsException.OPERATION_TIMEOUT,
          operation + " on runtime '" + engine.namespace() + "' was interrupted while waiting",
          Map.of("namespace", engine.namespace(), "operation", operation), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
