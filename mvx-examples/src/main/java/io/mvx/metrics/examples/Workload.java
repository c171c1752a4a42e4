package io.mvx.metrics.examples;

import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.examples.TcpStreamEvents.BytesReceived;
import io.mvx.metrics.examples.TcpStreamEvents.BytesSent;
import io.mvx.metrics.examples.TcpStreamEvents.OpenAttempt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The simulated traffic: document saves (one in ten failing; durations drawn by {@link SaveLatency}) and
 * TCP connections that open, move bytes and close, each connection with its own recorder. Deterministic
 * for a given seed; {@link #tick()} is one step and is called from one thread.
 */
public final class Workload {

  private final MetricsRuntime runtime;
  private final DocumentStorage storage;
  private final int connections;
  private final Random random;
  private final List<RuntimeRecorder> open = new ArrayList<>();
  private long nextConnection = 1;
  private long nextDocument = 1;
  private long connectionsClosed;

  /**
   * A workload over {@code runtime}.
   *
   * @param connections how many connections stay open at a time
   * @param seed the random seed
   */
  public Workload(MetricsRuntime runtime, int connections, long seed) {
    this.runtime = runtime;
    this.connections = connections;
    this.random = new Random(seed);
    this.storage = new DocumentStorage(runtime.createRecorder("document_storage"), new SaveLatency(random));
  }

  /** One step: a few saves, traffic on every open connection, some connections replaced. */
  public void tick() {
    for (int i = 0; i < 20; i++) {
      String id = "doc-" + nextDocument++;
      try {
        storage.saveDocument(id, random.nextInt(10) == 0 ? " " : "content of " + id);
      } catch (IllegalArgumentException expected) {
        // a failed save: already reported as a failure event
      }
    }
    for (RuntimeRecorder connection : open) {
      connection.registerEvent(new BytesReceived(100 + random.nextInt(4_900)));
      connection.registerEvent(new BytesSent(50 + random.nextInt(1_950)));
    }
    closeSome();
    while (open.size() < connections) {
      openOne();
    }
  }

  /** Closes every open connection. */
  public void closeAll() {
    while (!open.isEmpty()) {
      close(open.remove(open.size() - 1));
    }
  }

  /** The ids of the open connections. */
  public List<String> openConnectionIds() {
    List<String> ids = new ArrayList<>(open.size());
    open.forEach(connection -> ids.add(connection.recorderId()));
    return ids;
  }

  /** Connections closed so far. */
  public long connectionsClosed() {
    return connectionsClosed;
  }

  private void closeSome() {
    for (int i = open.size() - 1; i >= 0; i--) {
      if (random.nextInt(50) == 0) {
        close(open.remove(i));
      }
    }
  }

  private void openOne() {
    RuntimeRecorder connection = runtime.createRecorder(String.format("connection-%06d", nextConnection++));
    TcpStreamMetrics.register(connection);
    if (random.nextInt(20) == 0) {
      connection.registerEvent(new OpenAttempt(false)); // refused once, then retried
    }
    connection.registerEvent(new OpenAttempt(true));
    open.add(connection);
  }

  private void close(RuntimeRecorder connection) {
    try {
      runtime.stopAndRemoveRecorder(connection.recorderId());
      connectionsClosed++;
    } catch (MetricsException e) {
      // the runtime is shutting down: it removes the recorder itself
    }
  }
}
