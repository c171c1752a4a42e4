package io.mvx.metrics.reliability;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.Random;

/**
 * A metric that throws at random, from a seeded {@link Random}: in {@code handleEvent} with probability
 * {@code eventFailure} (half of them an {@link Error}), in {@code snapshot} with {@code snapshotFailure}. It counts its own throws, so the
 * test can compare them with the recorder's {@code handlerErrors}. Until {@link #arm()} it never throws
 * (the OpenTelemetry adapter asks a newly registered metric for a snapshot inside {@code registerMetric}
 * and handles a failure there itself, outside {@code handlerErrors}).
 */
final class FlakyMetric implements Metric {

  private final String name;
  private final Random random;
  private final double eventFailure;
  private final double snapshotFailure;
  private volatile boolean armed;
  private long accepted;
  private volatile long eventThrows;
  private volatile long snapshotThrows;

  FlakyMetric(String name, long seed, double eventFailure, double snapshotFailure) {
    this.name = name;
    this.random = new Random(seed);
    this.eventFailure = eventFailure;
    this.snapshotFailure = snapshotFailure;
  }

  void arm() {
    armed = true;
  }

  void disarm() {
    armed = false;
  }

  /** Throws so far; read after a round trip through the processing thread. */
  long throwsSoFar() {
    return eventThrows + snapshotThrows;
  }

  @Override
  public String metricName() {
    return name;
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof Hit)) {
      return false;
    }
    if (armed && random.nextDouble() < eventFailure) {
      eventThrows++; // single writer: the processing thread
      if (random.nextBoolean()) {
        throw new AssertionError("flaky handleEvent of " + name + " (an Error)");
      }
      throw new IllegalStateException("flaky handleEvent of " + name);
    }
    accepted++;
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    if (armed && random.nextDouble() < snapshotFailure) {
      snapshotThrows++;
      throw new IllegalStateException("flaky snapshot of " + name);
    }
    return MetricSnapshot.builder(name).counter("accepted", accepted).build();
  }
}
