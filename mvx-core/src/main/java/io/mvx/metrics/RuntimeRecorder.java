package io.mvx.metrics;

import io.mvx.metrics.snapshot.RecorderStats;
import java.util.concurrent.CompletableFuture;

/**
 * A recorder created by, and living in, a {@link MetricsRuntime}. It has no thread of its own: the
 * runtime's processing thread delivers its events.
 *
 * <p>Its futures complete on the processing thread; chain work on them with the {@code ...Async}
 * variants, and never block on them from a listener.
 */
public interface RuntimeRecorder extends MetricsRecorder {

  /**
   * The id the recorder is registered under (trimmed).
   *
   * @return the recorder id
   */
  String recorderId();

  /**
   * The current lifecycle state.
   *
   * @return the state
   */
  MetricsRecorderState getStatus();

  /**
   * Starts a stopped (or failed) recorder again; its metrics survive. Completes at once when it is already
   * running; fails with {@code RECORDER_STARTUP_ERROR} when {@code onStarting} throws, with
   * {@code INVALID_RECORDER_STATE} while it is stopping, and with {@code INVALID_RUNTIME_STATE} when the
   * runtime is not running.
   *
   * @return a future that completes once the recorder is running, or fails with a {@link MetricsException}
   */
  CompletableFuture<Void> start();

  /**
   * Stops accepting events and completes once every event accepted before the call is processed.
   * Completes at once when it is already stopped.
   *
   * @return a future that completes once the recorder has drained and stopped
   */
  CompletableFuture<Void> stop();

  /**
   * Event accounting; cheap, from any thread, at any time.
   *
   * @return the recorder's statistics now
   */
  RecorderStats stats();
}
