package io.mvx.metrics.examples;

import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.examples.TcpStreamEvents.BytesReceived;
import io.mvx.metrics.examples.TcpStreamEvents.BytesSent;
import io.mvx.metrics.examples.TcpStreamEvents.OpenAttempt;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The simulated traffic: document saves (one in ten failing; durations drawn by {@link SaveLatency}) and
 * TCP connections that open, move bytes and close, each connection with its own recorder. Deterministic
 * for a given seed; {@link #tick()} is one step and is called from one thread.
 *
 * <p>Each save runs in a span {@code document.save} of the given tracer, as an instrumented request handler
 * would run it: with exemplars on, the save's {@code DocumentSaveAttempt} carries that span's trace, and the
 * latency histogram keeps it as the exemplar of the save's bucket.
 */
public final class Workload {

  private final MetricsRuntime runtime;
  private final DocumentStorage storage;
  private final int connections;
  private final Random random;
  private final Tracer tracer;
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
    this(runtime, connections, seed, TracerProvider.noop().get("mvx-demo"));
  }

  /**
   * A workload over {@code runtime} whose saves run in spans of {@code tracer}.
   *
   * @param connections how many connections stay open at a time
   * @param seed the random seed
   * @param tracer the tracer of the save spans
   */
  public Workload(MetricsRuntime runtime, int connections, long seed, Tracer tracer) {
    this.runtime = runtime;
    this.connections = connections;
    this.random = new Random(seed);
    this.tracer = tracer;
    this.storage = new DocumentStorage(runtime.createRecorder("document_storage"), new SaveLatency(random));
  }

  /** One step: a few saves, traffic on every open connection, some connections replaced. */
  public void tick() {
    for (int i = 0; i < 20; i++) {
      save("doc-" + nextDocument++);
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

  private void save(String id) {
    Span span = tracer.spanBuilder("document.save").setAttribute("document.id", id).startSpan();
    Scope scope = span.makeCurrent();
    try {
      storage.saveDocument(id, random.nextInt(10) == 0 ? " " : "content of " + id);
    } catch (IllegalArgumentException expected) {
      // a failed save: already reported as a failure event
      span.recordException(expected);
    } finally {
      scope.close();
      span.end();
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
