package io.mvx.metrics.examples.snippets;

// tag::idle-expiry[]
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RecorderOptions;
import java.time.Duration;
// end::idle-expiry[]

/** Recorders that expire when idle, and a runtime that refuses to grow without bound. */
final class IdleExpiry {

  private IdleExpiry() {}

  static MetricsRuntime run() {
    // tag::idle-expiry[]
    MetricsRuntime runtime = MetricsRuntime.builder("sessions.metrics")
        .defaultIdleTimeout(Duration.ofMinutes(10))  // no event for 10 min: stopped and removed, series vanish
        .maxRecorders(50_000)                        // default 100,000; beyond it createRecorder fails
        .build();
    runtime.start();                                 // registry calls need a RUNNING runtime
    runtime.createRecorder("session-42", RecorderOptions.builder().idleTimeout(Duration.ofMinutes(1)).build());
    // end::idle-expiry[]
    return runtime;
  }
}
