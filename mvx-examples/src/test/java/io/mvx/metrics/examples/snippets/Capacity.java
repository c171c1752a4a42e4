package io.mvx.metrics.examples.snippets;

// tag::capacity[]
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RecorderOptions;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.RecorderStats;
// end::capacity[]

/** Bounded queues: the capacity a recorder's users see, the overflow policy, and the accounting. */
final class Capacity {

  private Capacity() {}

  static RecorderStats run(MetricsRuntime runtime) {
    // tag::capacity[]
    RuntimeRecorder audit = runtime.createRecorder("audit", RecorderOptions.builder()
        .queueCapacity(1_000)                        // at most 1,000 events pending (default 10,000)
        .overflowPolicy(OverflowPolicy.RAISE_ERROR)  // a full queue throws QUEUE_OVERFLOW (default: DROP)
        .build());
    RecorderStats stats = audit.stats();             // cheap, from any thread
    System.out.printf("accepted %d, dropped %d, rejected %d, pending %d%n",
        stats.accepted(), stats.dropped(), stats.rejected(), stats.pending());
    // end::capacity[]
    return stats;
  }
}
